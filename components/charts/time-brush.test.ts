import { describe, expect, it } from "vitest";
import { keyboardBrushStep, rangeBetween } from "./time-brush";

const span = { from: 0, to: 5_000 };

describe("chart brush", () => {
  it("orders a dragged range either way and ignores a click", () => {
    expect(rangeBetween(300, 100)).toEqual({ from: 100, to: 300 });
    expect(rangeBetween(100, 100)).toBeNull();
  });

  it("moves the cursor without selecting, then extends from where Shift was first pressed", () => {
    let s = { cursor: 1_000, anchor: null as number | null };
    const press = (key: string, shift = false) => {
      const r = keyboardBrushStep(s, key, shift, span)!;
      s = r.state;
      return r.range;
    };
    expect(press("ArrowRight")).toBeUndefined();
    expect(s.cursor).toBe(1_100);
    expect(press("ArrowRight", true)).toEqual({ from: 1_100, to: 1_200 });
    expect(press("PageDown", true)).toEqual({ from: 1_100, to: 1_700 });
    expect(press("ArrowLeft", true)).toEqual({ from: 1_100, to: 1_600 });
    expect(press("Home", true)).toEqual({ from: 0, to: 1_100 });
    expect(press("Escape")).toBeNull();
    expect(s.anchor).toBeNull();
    expect(press("End")).toBeUndefined();
    expect(s.cursor).toBe(5_000);
    expect(press("ArrowRight")).toBeUndefined();
    expect(s.cursor).toBe(5_000); // clamped to the chart
    expect(keyboardBrushStep(s, "a", false, span)).toBeNull();
  });
});
