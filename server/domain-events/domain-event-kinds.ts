import { z } from "zod";

const iso = z.string().max(40);

/**
 * The events triggers can listen for, each with the fields it carries (what a trigger maps into job
 * parameters, filters on and builds its concurrency key from). Emitters write exactly these shapes.
 */
export const domainEventFields = {
  "import.finished": z.object({
    importId: z.string(),
    fileName: z.string(),
    status: z.enum(["succeeded", "failed"]),
    rows: z.number().int(),
    points: z.number().int(),
    firstAt: iso.nullable(),
    lastAt: iso.nullable(),
    sensorKeys: z.array(z.string()),
    loggerId: z.string().nullable(),
    error: z.string().nullable(),
  }),
  "incident.opened": z.object({
    incidentId: z.string(),
    sensorKey: z.string(),
    region: z.string().nullable(),
    infraType: z.string().nullable(),
    quantity: z.string().nullable(),
    severity: z.enum(["warning", "critical"]),
    detectors: z.array(z.string()),
    openedAt: iso,
  }),
  "run.failed": z.object({
    runId: z.string(),
    definitionId: z.string().nullable(),
    jobName: z.string().nullable(),
    kind: z.string(),
    /** dead: retries exhausted (or could never succeed); failed: lost (never reached a worker). */
    status: z.enum(["dead", "failed"]),
    attempts: z.number().int(),
    lastError: z.string(),
  }),
  "run.dead_lettered": z.object({
    deadLetterId: z.string(),
    runId: z.string(),
    definitionId: z.string().nullable(),
    jobName: z.string().nullable(),
    kind: z.string(),
    attempts: z.number().int(),
    lastError: z.string(),
    errorGroup: z.string(),
  }),
} as const;

export type DomainEventKind = keyof typeof domainEventFields;
export const DOMAIN_EVENT_KINDS = Object.keys(domainEventFields) as DomainEventKind[];
export type DomainEventPayload<K extends DomainEventKind> = z.infer<(typeof domainEventFields)[K]>;

export type DomainEvent = { [K in DomainEventKind]: { kind: K; dedupeKey: string; payload: DomainEventPayload<K> } }[DomainEventKind];

/** Field names of each kind, for the console's trigger form and for checking mappings. */
export function eventFieldNames(kind: DomainEventKind): string[] {
  return Object.keys(domainEventFields[kind].shape);
}
