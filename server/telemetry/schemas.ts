import { z } from "zod";

export const throughputInput = z.object({
  /** Minutes of history, ending now. */
  minutes: z
    .number()
    .int()
    .min(5)
    .max(60 * 24 * 7)
    .default(60),
});
