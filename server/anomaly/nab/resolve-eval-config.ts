import { readFileSync } from "node:fs";
import { anomalyConfigSchema, type AnomalyConfig } from "../schemas";
import { nabConfiguration } from "./nab-configuration";

/** `default` (what a scan runs when its job sets no config), `nab`, or a JSON file holding an anomaly config. */
export function resolveEvalConfig(name: string): AnomalyConfig {
  if (name === "default") return anomalyConfigSchema.parse({});
  if (name === "nab") return nabConfiguration;
  return anomalyConfigSchema.parse(JSON.parse(readFileSync(name, "utf8")));
}
