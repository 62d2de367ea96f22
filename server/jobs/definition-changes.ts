import { afterCommit } from "../audit/audit-scope";
import { publish, redisKeyPrefix } from "../redis";

export const schedulesChannel = () => `${redisKeyPrefix()}:schedules`;

/** Tells the workers to bring their schedulers in step, once the change is committed. */
export function announceDefinitionChange(definitionId: string): Promise<void> {
  return afterCommit(() => publish(schedulesChannel(), definitionId));
}
