import { z } from "zod";

export const createIngestSourceInput = z.object({
  name: z.string().trim().min(1, "Enter a name").max(100),
  unknownSensors: z.enum(["register", "refuse"]).default("refuse"),
});

export const revokeIngestSourceInput = z.object({ id: z.string().min(1).max(64) });

/** Nanoseconds per unit of each precision the write APIs accept; InfluxDB 1.x takes more names than 2.x. */
export const precisionNs = {
  v1: { n: 1n, ns: 1n, u: 1_000n, us: 1_000n, µ: 1_000n, ms: 1_000_000n, s: 1_000_000_000n, m: 60_000_000_000n, h: 3_600_000_000_000n },
  v2: { ns: 1n, us: 1_000n, ms: 1_000_000n, s: 1_000_000_000n },
} as const satisfies Record<string, Record<string, bigint>>;

export type WriteApi = keyof typeof precisionNs;
