import { requireUser } from "@/app/_lib/current-user";
import { roleAllows } from "@/server/auth/roles";
import { DeadLettersBoard } from "./dead-letters-board";

export default async function DeadLettersPage() {
  const user = await requireUser("staff");
  return <DeadLettersBoard canAct={roleAllows("engineer", user.role)} />;
}
