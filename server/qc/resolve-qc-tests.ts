import type { z } from "zod";
import { qcTestsConfig, type QcTestsConfig } from "./schemas";
import type { QcTest } from "./tests/qc-test";
import { qcTestNames, qcTests, type QcTestName } from "./tests/registry";

export interface ResolvedQcTest {
  name: QcTestName;
  test: QcTest;
  params: Record<string, unknown>;
}

export interface ResolvedQcConfig {
  tests: ResolvedQcTest[];
  /** Enabled tests whose merged parameters are not valid (a point override left behind by a changed default): not run. */
  invalid: Array<{ name: QcTestName; message: string }>;
}

/** Stored JSON read back defensively: a row that no longer parses counts as no configuration. */
export function parseStoredQcTests(json: unknown): QcTestsConfig {
  const parsed = qcTestsConfig.safeParse(json ?? {});
  return parsed.success ? parsed.data : {};
}

/** A point's override over its quantity's default, test by test: enabled from the override when it has the test, parameters merged key by key. */
export function resolveQcTests(quantityDefault: QcTestsConfig, pointOverride: QcTestsConfig = {}): ResolvedQcConfig {
  const tests: ResolvedQcTest[] = [];
  const invalid: ResolvedQcConfig["invalid"] = [];
  for (const name of qcTestNames) {
    const base = quantityDefault[name];
    const over = pointOverride[name];
    const enabled = over ? over.enabled : (base?.enabled ?? false);
    if (!enabled) continue;
    const test = qcTests[name] as QcTest;
    const parsed = (test.params as z.ZodType).safeParse({ ...(base?.params ?? {}), ...(over?.params ?? {}) });
    if (parsed.success) tests.push({ name, test, params: parsed.data as Record<string, unknown> });
    else invalid.push({ name, message: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") });
  }
  return { tests, invalid };
}
