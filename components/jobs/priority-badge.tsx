import { priorityLabels } from "@/server/queues/priority-labels";
import { StatusBadge } from "../ui/status-badge";

export function PriorityBadge({ priority }: { priority: keyof typeof priorityLabels }) {
  return <StatusBadge tone={priority === "P0" ? "bad" : priority === "P1" ? "warn" : "neutral"}>{priorityLabels[priority]}</StatusBadge>;
}
