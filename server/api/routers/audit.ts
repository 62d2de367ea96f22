import { listAuditEvents } from "../../audit/list-audit-events";
import { listAuditEventsInput } from "../../audit/schemas";
import { adminProcedure, router } from "../trpc";
import { readFromReplica } from "../../read-replica/read-from-replica";

export const auditRouter = router({
  list: adminProcedure.input(listAuditEventsInput).query(({ input }) => readFromReplica((replica) => listAuditEvents(replica, input))),
});
