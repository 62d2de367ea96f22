import { describe, expect, it } from "vitest";
import { anomalyConfigSchema } from "../anomaly/schemas";
import { withValidRanges } from "./with-valid-ranges";

describe("withValidRanges", () => {
  const sensor = (key: string, quantity: string, validMin: number | null, validMax: number | null) => ({ key, quantity, validMin, validMax });

  it("sets a quantity's limits once when its sensors agree, per sensor when they do not", () => {
    const config = withValidRanges(anomalyConfigSchema.parse({}), [
      sensor("a", "flow", 0, 1000),
      sensor("b", "flow", 0, 1000),
      sensor("c", "pressure", 0, 16),
      sensor("d", "pressure", 0, 25),
      sensor("e", "co2", null, null),
    ]);
    expect(config.quantities).toEqual({ flow: { threshold: { params: { validMin: 0, validMax: 1000 } } } });
    expect(config.sensors).toEqual({
      c: { threshold: { params: { validMin: 0, validMax: 16 } } },
      d: { threshold: { params: { validMin: 0, validMax: 25 } } },
    });
  });

  it("leaves limits set in the job's own config as they are", () => {
    const own = anomalyConfigSchema.parse({ quantities: { flow: { threshold: { params: { validMax: 500, warnAbove: 400 } }, spike: { enabled: false } } } });
    const config = withValidRanges(own, [sensor("a", "flow", 0, 1000)]);
    expect(config.quantities.flow).toEqual({ threshold: { params: { validMin: 0, validMax: 500, warnAbove: 400 } }, spike: { enabled: false } });
    expect(own.quantities.flow.threshold?.params).toEqual({ validMax: 500, warnAbove: 400 });
  });
});
