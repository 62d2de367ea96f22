import type { Priority } from "../db/generated/enums";

/** Names of the priority classes, shared by the server and the console (no server imports here). */
export const priorityLabels: Record<Priority, string> = {
  P0: "P0 critical",
  P1: "P1 high",
  P2: "P2 medium",
  P3: "P3 low",
  P4: "P4 batch",
};
