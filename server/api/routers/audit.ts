import { listAuditEvents } from "../../audit/list-audit-events";
import { listAuditEventsInput } from "../../audit/schemas";
import { adminProcedure, router } from "../trpc";

export const auditRouter = router({
  list: adminProcedure.input(listAuditEventsInput).query(({ ctx, input }) => listAuditEvents(ctx.db, input)),
});
