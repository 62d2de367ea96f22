import { describe, expect, it } from "vitest";
import { requestStationExportInput, stationFileLayout } from "./station-export-schemas";

const ok = { stationId: "st1", from: "2020-01-01T00:00:00Z", to: "2026-01-01T00:00:00Z", format: "csv" };
const refused = (input: Record<string, unknown>) => {
  const result = requestStationExportInput.safeParse(input);
  return result.success ? null : result.error.issues.map((i) => i.message).join(" | ");
};

describe("station export request", () => {
  it("takes any period within 1970–2100 (six years here: no 366-day cap) with defaults", () => {
    expect(requestStationExportInput.parse(ok)).toMatchObject({ values: "calibrated", flagged: "remove" });
    expect(stationFileLayout(requestStationExportInput.parse({ ...ok, delimiter: "tab", decimal: "," }))).toEqual({
      format: "csv",
      delimiter: "\t",
      decimal: ",",
      flagged: "remove",
    });
    expect(stationFileLayout(requestStationExportInput.parse({ ...ok, format: "windographer-txt" }))).toMatchObject({ delimiter: "\t", decimal: "." });
  });

  it.each([
    [{ ...ok, delimiter: "|" }, /Invalid option/],
    [{ ...ok, delimiter: "\n" }, /Invalid option/],
    [{ ...ok, decimal: "·" }, /Invalid option/],
    [{ ...ok, delimiter: ",", decimal: "," }, /cannot be both/],
    [{ ...ok, format: "windographer-txt", delimiter: ";" }, /Only CSV/],
    [{ ...ok, format: "xlsx" }, /Invalid option/],
    [{ ...ok, from: "1900-01-01", to: "2026-01-01" }, /between 1970 and 2100/],
    [{ ...ok, from: "2026-01-01", to: "+275760-09-13T00:00:00Z" }, /between 1970 and 2100/],
    [{ ...ok, from: "not a date" }, /./],
    [{ ...ok, from: ok.to, to: ok.from }, /end after it starts/],
    [{ ...ok, stationId: "" }, /./],
    [{ ...ok, stationId: "x".repeat(65) }, /./],
    [{ ...ok, values: "cooked" }, /Invalid option/],
    [{ ...ok, flagged: "hide" }, /Invalid option/],
    [{ ...ok, requestedBy: "someone@else" }, /Unrecognized key/],
  ])("refuses %j", (input, message) => {
    expect(refused(input)).toMatch(message);
  });
});
