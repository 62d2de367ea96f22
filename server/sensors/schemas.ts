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
  cursor: z.string().regex(/^\d{1,7}$/, "Invalid cursor").optional(),
  limit: z.number().int().min(1).max(500).default(100),
});

export const sensorKeyInput = z.object({ key: sensorKeySchema });

export const sensorReadingsInput = z.object({
  key: sensorKeySchema,
  hours: z.number().int().min(1).max(24 * 14).default(24),
  raw: z.boolean().default(false),
  /** The chart draws at most this many points (min and max of each bucket are kept, so spikes stay visible). */
  maxPoints: z.number().int().min(50).max(10_000).default(1_500),
});

export const setSensorCalibrationInput = z.object({
  key: sensorKeySchema,
  slope: z.number().finite().refine((v) => v !== 0, "Slope must not be 0"),
  offset: z.number().finite(),
  effectiveFrom: z.coerce.date(),
  note: z.string().trim().max(500).optional(),
});

export const flagSensorRangeInput = z
  .object({ key: sensorKeySchema, from: z.coerce.date(), to: z.coerce.date(), reason: z.string().trim().min(1, "Say why the range is flagged").max(500) })
  .refine((v) => v.from < v.to, { message: "The range must end after it starts", path: ["to"] });

export const removeSensorFlagInput = z.object({ id: z.string().min(1).max(64) });
