import { z } from "zod";

export const consoleSearchInput = z.object({
  /** An id, a key, a name, or text in a run's parameters. */
  q: z
    .string()
    .trim()
    .min(2, "Type at least 2 characters")
    .max(100, "At most 100 characters")
    // PostgreSQL refuses NUL in text; no control character belongs in a search anyway.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
    .regex(/^[^\u0000-\u001f\u007f]*$/, "Control characters are not allowed"),
  /** Results per kind. */
  limit: z.number().int().min(1).max(10).default(5),
});
