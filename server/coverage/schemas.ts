import { z } from "zod";

export const coverageKind = z.enum(["scan", "report"]);

const MAX_RANGE_MS = 400 * 86_400_000;

/** A backfill asked for by hand (or its dry run): a scan scope's key or "*" for reports, and [from, to). */
export const backfillRequestInput = z
  .object({
    kind: coverageKind,
    scope: z.string().trim().min(1).max(200),
    from: z.coerce.date(),
    to: z.coerce.date(),
    /** Only the hours the ledger holds stale or missing; otherwise every hour of the range (re-judge). */
    onlyStale: z.boolean().default(false),
  })
  .strict()
  .refine((r) => r.from < r.to, { message: "from must be before to", path: ["to"] })
  .refine((r) => r.to.getTime() - r.from.getTime() <= MAX_RANGE_MS, { message: "at most 400 days", path: ["to"] });

export const backfillIdInput = z.object({ id: z.string().min(1).max(64) }).strict();

export const coverageOverviewInput = z
  .object({
    from: z.coerce.date(),
    to: z.coerce.date(),
  })
  .strict()
  .refine((r) => r.from < r.to && r.to.getTime() - r.from.getTime() <= 31 * 86_400_000, { message: "a period of at most 31 days", path: ["to"] });

export const sensorCoverageInput = z.object({ key: z.string().min(1).max(200), days: z.number().int().min(1).max(31).default(7) }).strict();

/** Parameters of the `anomaly-backfill` and `report-rebuild` job kinds: the backfill row holds the rest. */
export const runCoverageBackfillInput = z.object({ backfillId: z.string().min(1).max(64) }).strict();
