import type { ReactNode } from "react";
import { requireUser } from "@/app/_lib/current-user";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  await requireUser("viewer");
  return children;
}
