import { listRetentionPolicies } from "../../retention/list-retention-policies";
import { previewRetentionChange } from "../../retention/preview-retention-change";
import { runRetentionPurge } from "../../retention/run-retention-purge";
import { previewRetentionChangeInput, updateRetentionPolicyInput } from "../../retention/schemas";
import { updateRetentionPolicy } from "../../retention/update-retention-policy";
import { operatorProcedure, router, staffProcedure } from "../trpc";

export const retentionRouter = router({
  list: staffProcedure.query(({ ctx }) => listRetentionPolicies(ctx.db)),
  preview: operatorProcedure.input(previewRetentionChangeInput).query(({ ctx, input }) => previewRetentionChange(ctx.db, input)),
  update: operatorProcedure
    .input(updateRetentionPolicyInput)
    .mutation(({ ctx, input }) => updateRetentionPolicy(ctx.db, { ...input, actingUserId: ctx.user.id, actingRole: ctx.user.role })),
  dryRun: operatorProcedure.query(({ ctx }) => runRetentionPurge(ctx.db, { dryRun: true })),
});
