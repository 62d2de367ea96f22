import { describe, expect, it } from "vitest";
import { refusedField } from "./refused-field";

describe("refusedField", () => {
  it("reads the field path a server refusal starts with", () => {
    expect(refusedField("schedule.cron: Invalid cron expression: bad minute")).toBe("schedule.cron");
    expect(refusedField("params.ms: Invalid input: expected number")).toBe("params.ms");
  });
  it("gives null for messages that name no field", () => {
    expect(refusedField('A job named "x" already exists.')).toBeNull();
    expect(refusedField(null)).toBeNull();
  });
});
