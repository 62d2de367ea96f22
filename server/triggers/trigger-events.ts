import { z } from "zod";
import { DOMAIN_EVENT_KINDS, domainEventFields, eventFieldNames, type DomainEventKind } from "../domain-events/domain-event-kinds";

/** What a trigger listens for: one of the domain events, or an HTTP call with its token. */
export const TRIGGER_EVENTS = [...DOMAIN_EVENT_KINDS, "http"] as const;
export type TriggerEvent = DomainEventKind | "http";
export const triggerEventSchema = z.enum(TRIGGER_EVENTS as unknown as [TriggerEvent, ...TriggerEvent[]]);

const label = z.string().trim().min(1).max(100);
const id = z.string().trim().min(1).max(64);

/** Which events of a kind a trigger takes; every key optional, unknown keys refused. */
export const triggerFilterSchemas = {
  "import.finished": z.object({ status: z.enum(["succeeded", "failed"]).optional(), loggerId: id.optional() }).strict(),
  "incident.opened": z
    .object({
      minSeverity: z.enum(["warning", "critical"]).optional(),
      region: label.optional(),
      infraType: label.optional(),
      quantity: label.optional(),
      sensorKeyPrefix: z.string().trim().min(1).max(200).optional(),
    })
    .strict(),
  "run.failed": z.object({ kind: id.optional(), definitionId: id.optional(), status: z.enum(["dead", "failed"]).optional() }).strict(),
  "run.dead_lettered": z.object({ kind: id.optional(), definitionId: id.optional() }).strict(),
  http: z.object({}).strict(),
} satisfies Record<TriggerEvent, z.ZodType>;

export type TriggerFilter = Record<string, string | undefined>;

/** Names of event fields (and of HTTP body fields): a parameter mapping and a key template refer to these. */
export const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** An HTTP call's body: a flat JSON object of at most 32 named scalars. */
export const httpEventFields = z
  .record(
    z.string().regex(FIELD_NAME, "field names are letters, digits and _ (at most 64)"),
    z.union([z.string().max(1_000), z.number().finite(), z.boolean(), z.null()]),
  )
  .refine((fields) => Object.keys(fields).length <= 32, "at most 32 fields");

export const fieldNamesOf = (event: TriggerEvent): string[] | null => (event === "http" ? null : eventFieldNames(event));

/** The fields schema an event's payload is read with (the HTTP body's for "http"). */
export const eventFieldsSchema = (event: TriggerEvent): z.ZodType => (event === "http" ? httpEventFields : domainEventFields[event]);

/**
 * A representative event of each kind, for checking at save time that each mapped field's type fits its
 * parameter (values themselves are judged at fire time, against the real event).
 */
export const sampleEventFields: Record<DomainEventKind, Record<string, unknown>> = {
  "import.finished": {
    importId: "imp_sample",
    fileName: "sample.csv",
    status: "succeeded",
    rows: 1,
    points: 1,
    firstAt: "2026-01-01T00:00:00.000Z",
    lastAt: "2026-01-01T00:10:00.000Z",
    sensorKeys: ["sample"],
    loggerId: "logger_sample",
    error: "sample",
  },
  "incident.opened": {
    incidentId: "inc_sample",
    sensorKey: "sample",
    region: "sample",
    infraType: "sample",
    quantity: "sample",
    severity: "warning",
    detectors: ["sample"],
    openedAt: "2026-01-01T00:00:00.000Z",
  },
  "run.failed": { runId: "run_sample", definitionId: "def_sample", jobName: "sample", kind: "sample", status: "dead", attempts: 1, lastError: "sample" },
  "run.dead_lettered": {
    deadLetterId: "dl_sample",
    runId: "run_sample",
    definitionId: "def_sample",
    jobName: "sample",
    kind: "sample",
    attempts: 1,
    lastError: "sample",
    errorGroup: "sample",
  },
};
