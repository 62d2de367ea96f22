import { describe, expect, it } from "vitest";
import { DomainError } from "../errors";
import { workerThreadTasksCompleted } from "../worker-threads/run-in-worker-thread";
import { scanLoggerFile } from "./scan-logger-file";

// Over PARSE_OFF_THREAD_CHARS (256 Ki): read on a worker thread.
const rows = Array.from({ length: 12_000 }, (_, i) => `${new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString()},${i / 4},${i % 3}`);
const big = Buffer.from(`timestamp,a,b\n${rows.join("\n")}\n`);
const small = Buffer.from(`timestamp,a,b\n${rows.slice(0, 100).join("\n")}\n`);

describe("scanLoggerFile off the main thread", () => {
  it("reads a large file on a worker thread, with what the main thread reads", async () => {
    expect(big.length).toBeGreaterThan(256 * 1024);
    const before = workerThreadTasksCompleted();
    const offMain = await scanLoggerFile(big, { timeZone: "UTC", columns: ["a", "b"] });
    expect(workerThreadTasksCompleted()).toBe(before + 1);
    expect(offMain.columns.map((c) => c.name)).toEqual(["a", "b"]);
    expect(offMain.report).toMatchObject({ rows: 12_000, firstAt: Date.UTC(2026, 0, 1), lastAt: Date.UTC(2026, 0, 1) + 11_999 * 60_000, intervalSeconds: 60 });
    const onMain = await scanLoggerFile(small, { timeZone: "UTC", columns: ["a", "b"] });
    expect(workerThreadTasksCompleted()).toBe(before + 1);
    expect(onMain.header).toEqual(offMain.header);
    expect({ ...onMain.report, rows: 0, lastAt: 0 }).toEqual({ ...offMain.report, rows: 0, lastAt: 0 });
  });

  it("refuses a malformed large file naming its row and column, as on the main thread", async () => {
    const refusal = (bytes: Buffer) =>
      scanLoggerFile(bytes, { timeZone: "UTC", columns: ["a"] }).then(
        () => undefined,
        (e: unknown) => e,
      );
    const offMain = await refusal(Buffer.from(big.toString().replace(",2999.75,", ",n/a,")));
    const onMain = await refusal(Buffer.from(small.toString().replace(",24.75,", ",n/a,")));
    for (const err of [offMain, onMain]) expect(err).toBeInstanceOf(DomainError);
    expect((offMain as DomainError).details).toEqual({ row: 12_001, column: "a" });
    expect((onMain as DomainError).details).toEqual({ row: 101, column: "a" });
    expect((offMain as DomainError).message.replace("12001", "N")).toBe((onMain as DomainError).message.replace("101", "N"));
  });
});
