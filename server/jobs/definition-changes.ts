import { afterCommit } from "../audit/audit-scope";
import { env } from "../env";
import { sharedRedis } from "../redis";

export const schedulesChannel = () => `${env().QUEUE_PREFIX}:schedules`;

/** Tells the workers to bring their schedulers in step, once the change is committed. */
export function announceDefinitionChange(definitionId: string): Promise<void> {
  return afterCommit(() => sharedRedis().publish(schedulesChannel(), definitionId));
}
