import { z } from "zod";

export const setQueuePausedInput = z.object({ queue: z.string().min(1).max(64), paused: z.boolean() });
