import { z } from "zod";

export interface NabProfile {
  tp: number;
  fp: number;
  fn: number;
}

export const nabProfileNames = ["standard", "reward_low_FP_rate", "reward_low_FN_rate"] as const;
export type NabProfileName = (typeof nabProfileNames)[number];

/** NAB's published weights; a profiles.json next to the data overrides them. */
export const defaultNabProfiles: Record<NabProfileName, NabProfile> = {
  standard: { tp: 1, fp: 0.11, fn: 1 },
  reward_low_FP_rate: { tp: 1, fp: 0.22, fn: 1 },
  reward_low_FN_rate: { tp: 1, fp: 0.11, fn: 2 },
};

const costMatrix = z.object({ CostMatrix: z.object({ tpWeight: z.number(), fpWeight: z.number(), fnWeight: z.number() }) });
export const profilesFileSchema = z.object({ standard: costMatrix, reward_low_FP_rate: costMatrix, reward_low_FN_rate: costMatrix });

export function profilesFromFile(raw: unknown): Record<NabProfileName, NabProfile> {
  const parsed = profilesFileSchema.parse(raw);
  const to = (p: z.infer<typeof costMatrix>): NabProfile => ({ tp: p.CostMatrix.tpWeight, fp: p.CostMatrix.fpWeight, fn: p.CostMatrix.fnWeight });
  return { standard: to(parsed.standard), reward_low_FP_rate: to(parsed.reward_low_FP_rate), reward_low_FN_rate: to(parsed.reward_low_FN_rate) };
}
