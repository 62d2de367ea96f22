import { readFileSync } from "node:fs";
import { anomalyProfileNames, type AnomalyProfileName } from "../anomaly-profiles";
import { anomalyConfigSchema, type AnomalyConfig } from "../schemas";
import { nabConfiguration } from "./nab-configuration";

/**
 * `default` (what a scan runs when its job sets no config), `nab`, a profile name (every sensor on
 * that profile), or a JSON file holding an anomaly config.
 */
export function resolveEvalConfig(name: string): AnomalyConfig {
  if (name === "default") return anomalyConfigSchema.parse({});
  if (name === "nab") return nabConfiguration;
  if ((anomalyProfileNames as string[]).includes(name)) return anomalyConfigSchema.parse({ profile: name as AnomalyProfileName });
  return anomalyConfigSchema.parse(JSON.parse(readFileSync(name, "utf8")));
}
