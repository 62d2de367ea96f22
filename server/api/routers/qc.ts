import { getQcConfig } from "../../qc/get-qc-config";
import { listAutoFlags } from "../../qc/list-auto-flags";
import { requestQcEvaluation } from "../../qc/request-qc-evaluation";
import {
  clearPointQcConfigInput,
  listAutoFlagsInput,
  reevaluateQcInput,
  removeQcOverrideInput,
  setPointQcConfigInput,
  setQcOverrideInput,
  setQuantityQcConfigInput,
} from "../../qc/schemas";
import { clearPointQcConfig, setPointQcConfig } from "../../qc/set-point-qc-config";
import { removeQcOverride, setQcOverride } from "../../qc/set-qc-override";
import { setQuantityQcConfig } from "../../qc/set-quantity-qc-config";
import { listQcRules } from "../../qc/rules/list-qc-rules";
import { previewQcRule } from "../../qc/rules/preview-qc-rule";
import { listQcRulesInput, previewQcRuleInput, qcRuleIdInput, saveQcRuleInput } from "../../qc/rules/rule-schema";
import { deleteQcRule, saveQcRule } from "../../qc/rules/save-qc-rule";
import { router, staffProcedure, viewerProcedure } from "../trpc";

export const qcRouter = router({
  config: viewerProcedure.query(({ ctx }) => getQcConfig(ctx.db)),
  autoFlags: viewerProcedure.input(listAutoFlagsInput).query(({ ctx, input }) => listAutoFlags(ctx.db, input)),
  setQuantityConfig: staffProcedure.input(setQuantityQcConfigInput).mutation(({ ctx, input }) => setQuantityQcConfig(ctx.db, { ...input, by: ctx.user.email })),
  setPointConfig: staffProcedure.input(setPointQcConfigInput).mutation(({ ctx, input }) => setPointQcConfig(ctx.db, { ...input, by: ctx.user.email })),
  clearPointConfig: staffProcedure.input(clearPointQcConfigInput).mutation(({ ctx, input }) => clearPointQcConfig(ctx.db, { ...input, by: ctx.user.email })),
  setOverride: staffProcedure.input(setQcOverrideInput).mutation(({ ctx, input }) => setQcOverride(ctx.db, { ...input, by: ctx.user.email })),
  removeOverride: staffProcedure.input(removeQcOverrideInput).mutation(({ ctx, input }) => removeQcOverride(ctx.db, { ...input, by: ctx.user.email })),
  reevaluate: staffProcedure
    .input(reevaluateQcInput)
    .mutation(({ ctx, input }) => requestQcEvaluation(ctx.db, { ...input, triggeredBy: ctx.user.email }).then((run) => ({ runId: run.id }))),
  rules: viewerProcedure.input(listQcRulesInput).query(({ ctx, input }) => listQcRules(ctx.db, input)),
  previewRule: staffProcedure.input(previewQcRuleInput).query(({ ctx, input }) => previewQcRule(ctx.db, input)),
  saveRule: staffProcedure.input(saveQcRuleInput).mutation(({ ctx, input }) => saveQcRule(ctx.db, { ...input, by: ctx.user.email })),
  deleteRule: staffProcedure.input(qcRuleIdInput).mutation(({ ctx, input }) => deleteQcRule(ctx.db, { ...input, by: ctx.user.email })),
});
