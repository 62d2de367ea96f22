import type { Db } from "../db";
import { publicUserSelect } from "./schemas";

export function listUsers(db: Db) {
  return db.user.findMany({ select: publicUserSelect, orderBy: [{ disabled: "asc" }, { email: "asc" }] });
}
