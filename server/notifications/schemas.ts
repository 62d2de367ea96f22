import { z } from "zod";
import { IANAZone } from "luxon";

const label = z.string().min(1).max(200);
const values = z.array(label).min(1).max(100).optional();

/** Every key must match (any of its values); an absent key matches everything. */
export const matchersSchema = z
  .object({
    severity: z
      .array(z.enum(["warning", "critical"]))
      .min(1)
      .max(2)
      .optional(),
    region: values,
    infraType: values,
    site: values,
    sensorKey: values,
    quantity: values,
    detector: values,
    /** "anomaly" for sensor incidents, or an operational alert kind */
    kind: values,
  })
  .strict();
export type Matchers = z.infer<typeof matchersSchema>;

const timeZone = z
  .string()
  .max(64)
  .refine((tz) => IANAZone.isValidZone(tz), "unknown time zone");
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "HH:MM");

export const quietHoursSchema = z.object({ start: clock, end: clock, timeZone }).strict();
export type QuietHours = z.infer<typeof quietHoursSchema>;

export const channelTypes = ["email", "webhook", "slack", "teams"] as const;
export type ChannelType = (typeof channelTypes)[number];

const httpsOrLocal = z
  .string()
  .max(2_000)
  .url()
  .refine((u) => /^https?:$/.test(new URL(u).protocol), "must be an http(s) URL");

export const createChannelInput = z.discriminatedUnion("type", [
  z
    .object({
      type: z.literal("email"),
      name: label,
      to: z.array(z.string().email().max(254)).min(1).max(20),
      rateLimitPerMinute: z.number().int().min(1).max(600).default(30),
    })
    .strict(),
  z.object({ type: z.literal("webhook"), name: label, secretUrl: httpsOrLocal, rateLimitPerMinute: z.number().int().min(1).max(600).default(30) }).strict(),
  z.object({ type: z.literal("slack"), name: label, secretUrl: httpsOrLocal, rateLimitPerMinute: z.number().int().min(1).max(600).default(30) }).strict(),
  z.object({ type: z.literal("teams"), name: label, secretUrl: httpsOrLocal, rateLimitPerMinute: z.number().int().min(1).max(600).default(30) }).strict(),
]);
export type CreateChannelInput = z.infer<typeof createChannelInput>;

/** What a channel keeps encrypted. */
export interface ChannelSecret {
  url?: string;
  /** Standard Webhooks signing secret, whsec_… */
  signingSecret?: string;
}

export const idInput = z.object({ id: z.string().min(1).max(200) }).strict();

export const listDeliveriesInput = z
  .object({ channelId: z.string().max(200).optional(), incidentId: z.string().max(200).optional(), limit: z.number().int().min(1).max(200).default(50) })
  .strict();

export const saveRouteInput = z
  .object({
    id: z.string().max(200).optional(),
    name: label,
    position: z.number().int().min(0).max(10_000),
    enabled: z.boolean().default(true),
    matchers: matchersSchema.default({}),
    channelIds: z.array(z.string().min(1).max(200)).min(1).max(20),
    continue: z.boolean().default(false),
    quietHours: quietHoursSchema.nullable().default(null),
    groupWaitSeconds: z.number().int().min(0).max(3_600).default(0),
    groupIntervalSeconds: z.number().int().min(0).max(86_400).default(300),
    repeatIntervalMinutes: z.number().int().min(1).max(10_080).default(240),
    escalateAfterMinutes: z.number().int().min(1).max(10_080).nullable().default(null),
    escalateChannelIds: z.array(z.string().min(1).max(200)).max(20).default([]),
  })
  .strict()
  .refine((r) => r.escalateAfterMinutes === null || r.escalateChannelIds.length > 0, {
    path: ["escalateChannelIds"],
    message: "name the channels to escalate to",
  });
export type SaveRouteInput = z.infer<typeof saveRouteInput>;

/** The matcher keys a job can be scoped by (its params of the same name; sensorKey also from sensorKeys). */
export const jobScopeKeys = ["region", "infraType", "quantity", "site", "sensorKey"] as const;

export const createSilenceInput = z
  .object({
    kind: z.enum(["silence", "maintenance"]).default("silence"),
    matchers: matchersSchema,
    startsAt: z.coerce.date().optional(),
    endsAt: z.coerce.date(),
    /** Maintenance only: recurs at this cron (in timeZone) for durationMinutes, until endsAt. */
    recurrenceCron: z.string().max(100).nullable().default(null),
    durationMinutes: z.number().int().min(1).max(10_080).nullable().default(null),
    timeZone: timeZone.nullable().default(null),
    /** Maintenance only: also hold the jobs scoped to the window (region, infrastructure type, quantity, site or sensor) while it is active. */
    pauseJobs: z.boolean().default(false),
    comment: z.string().min(1).max(500),
  })
  .strict()
  .refine((s) => !s.pauseJobs || s.kind === "maintenance", { path: ["pauseJobs"], message: "only a maintenance window can pause jobs" })
  .refine((s) => !s.pauseJobs || jobScopeKeys.some((k) => (s.matchers[k]?.length ?? 0) > 0), {
    path: ["pauseJobs"],
    message: "a window that pauses jobs needs a region, infrastructure type, quantity, site or sensor matcher",
  })
  .refine((s) => Object.keys(s.matchers).length > 0, { path: ["matchers"], message: "a silence needs at least one matcher" })
  .refine((s) => !s.recurrenceCron || (s.durationMinutes && s.timeZone), {
    path: ["durationMinutes"],
    message: "a recurring window needs a duration and a time zone",
  });
export type CreateSilenceInput = z.infer<typeof createSilenceInput>;

export const silenceFromIncidentInput = z
  .object({
    incidentId: z.string().min(1).max(200),
    hours: z
      .number()
      .min(0.25)
      .max(24 * 30)
      .default(4),
    comment: z.string().min(1).max(500).default("silenced from the incident"),
  })
  .strict();
