import { z } from "zod";

export const sensorKeySchema = z.string().trim().min(1, "Key is required").max(200);
const label = z.string().trim().min(1).max(100);
export const sensorStateSchema = z.enum(["active", "pending", "retired"]);
export const sensorStatusSchema = z.enum(["OK", "LATE", "SILENT"]);

const sensorFieldsShape = {
  name: z.string().trim().min(1, "Name is required").max(200),
  quantity: label,
  unit: z.string().trim().max(32),
  infraType: label,
  region: label,
  site: label,
  intervalSeconds: z.number().int().min(1).max(86_400),
  validMin: z.number().finite().nullable(),
  validMax: z.number().finite().nullable(),
  state: sensorStateSchema,
};

const validRange = (v: { validMin?: number | null; validMax?: number | null }) => v.validMin == null || v.validMax == null || v.validMin < v.validMax;
const validRangeIssue = { message: "Valid minimum must be below valid maximum", path: ["validMax"] };

const sensorFields = z.object(sensorFieldsShape);

export const createSensorInput = sensorFields
  .extend({
    key: sensorKeySchema,
    intervalSeconds: sensorFieldsShape.intervalSeconds.default(60),
    validMin: sensorFieldsShape.validMin.default(null),
    validMax: sensorFieldsShape.validMax.default(null),
    state: sensorStateSchema.default("active"),
  })
  .refine(validRange, validRangeIssue);

export const updateSensorInput = sensorFields.partial().extend({ key: sensorKeySchema }).refine(validRange, validRangeIssue);

/** The columns the sensor list sorts by (ties by key); last reading sorts never-heard sensors last. */
export const sensorSortSchema = z.enum(["key", "name", "infraType", "region", "quantity", "lastReadingAt"]);

/** What the sensor list shows: the filter and the order; the page and the CSV download take the same. */
export const sensorFilterInput = z.object({
  infraType: z.string().max(100).optional(),
  region: z.string().max(100).optional(),
  status: sensorStatusSchema.optional(),
  /** Matches key, name or site, case-insensitively. */
  search: z.string().trim().max(200).optional(),
  sort: sensorSortSchema.default("key"),
  dir: z.enum(["asc", "desc"]).default("asc"),
});

export const listSensorsInput = sensorFilterInput.extend({
  /** The offset of the next page (a fleet is thousands of sensors, not millions, so an offset pages in any order). */
  cursor: z
    .string()
    .regex(/^\d{1,7}$/, "Invalid cursor")
    .optional(),
  limit: z.number().int().min(1).max(500).default(100),
});

export const sensorKeyInput = z.object({ key: sensorKeySchema });

const MAX_CHART_SPAN_MS = 10 * 366 * 86_400_000;

export const sensorReadingsInput = z
  .object({
    key: sensorKeySchema,
    /** The last this many hours, unless from and to name the span. */
    hours: z
      .number()
      .int()
      .min(1)
      .max(24 * 14)
      .default(24),
    from: z.coerce
      .date()
      .min(new Date(Date.UTC(1970, 0, 1)))
      .optional(),
    to: z.coerce
      .date()
      .max(new Date(Date.UTC(2100, 0, 1)))
      .optional(),
    raw: z.boolean().default(false),
    /** The chart draws at most this many points (min and max of each bucket are kept, so spikes stay visible). */
    maxPoints: z.number().int().min(50).max(10_000).default(1_500),
  })
  .refine((v) => (v.from === undefined) === (v.to === undefined), { message: "Give both ends of the span, or neither", path: ["to"] })
  .refine((v) => !v.from || !v.to || (v.from < v.to && v.to.getTime() - v.from.getTime() <= MAX_CHART_SPAN_MS), {
    message: "The span must end after it starts and cover at most ten years",
    path: ["to"],
  });

export const setSensorCalibrationInput = z.object({
  key: sensorKeySchema,
  slope: z
    .number()
    .finite()
    .refine((v) => v !== 0, "Slope must not be 0"),
  offset: z.number().finite(),
  effectiveFrom: z.coerce.date(),
  note: z.string().trim().max(500).optional(),
});

export const flagSensorRangeInput = z
  .object({ key: sensorKeySchema, from: z.coerce.date(), to: z.coerce.date(), reason: z.string().trim().min(1, "Say why the range is flagged").max(500) })
  .refine((v) => v.from < v.to, { message: "The range must end after it starts", path: ["to"] });

export const removeSensorFlagInput = z.object({ id: z.string().min(1).max(64) });

/** A range brushed on one or several points' charts: flagged with a reason, or unflagged with one. */
export const sensorsRangeInput = z
  .object({
    keys: z.array(sensorKeySchema).min(1, "Choose at least one point").max(50, "At most 50 points at once"),
    from: z.coerce.date(),
    to: z.coerce.date(),
    reason: z.string().trim().min(1, "Say why").max(500),
  })
  .refine((v) => v.from < v.to, { message: "The range must end after it starts", path: ["to"] })
  .refine((v) => new Set(v.keys).size === v.keys.length, { message: "A point is named twice", path: ["keys"] });
