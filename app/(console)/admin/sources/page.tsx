import { requireUser } from "@/app/_lib/current-user";
import { SourcesAdmin } from "./sources-admin";

export default async function SourcesPage() {
  await requireUser("admin");
  return <SourcesAdmin />;
}
