import { cancelRuns } from "../../runs/cancel-runs";
import { getRun } from "../../runs/get-run";
import { listRuns } from "../../runs/list-runs";
import { rerunRuns } from "../../runs/rerun-runs";
import { listRunsInput, rerunInput, runIdInput, runIdsInput } from "../../runs/schemas";
import { engineerProcedure, router, staffProcedure } from "../trpc";
import { readFromReplica } from "../../read-replica/read-from-replica";

export const runsRouter = router({
  list: staffProcedure.input(listRunsInput).query(({ input }) => readFromReplica((replica) => listRuns(replica, input))),
  get: staffProcedure.input(runIdInput).query(({ input }) => readFromReplica((replica) => getRun(replica, input))),
  cancel: engineerProcedure.input(runIdsInput).mutation(({ ctx, input }) => cancelRuns(ctx.db, input)),
  rerun: engineerProcedure.input(rerunInput).mutation(({ ctx, input }) => rerunRuns(ctx.db, { ...input, triggeredBy: ctx.user.email })),
});
