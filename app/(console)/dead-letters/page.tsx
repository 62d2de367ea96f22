import { requireUser } from "@/app/_lib/current-user";
import { roleAllows } from "@/server/auth/roles";
import { DeadLettersBoard } from "./dead-letters-board";

export default async function DeadLettersPage({ searchParams }: { searchParams: Promise<{ letter?: string }> }) {
  const user = await requireUser("staff");
  const { letter } = await searchParams;
  return <DeadLettersBoard canAct={roleAllows("engineer", user.role)} focus={typeof letter === "string" ? letter : undefined} />;
}
