import { describe, expect, it } from "vitest";
import { DomainError } from "../errors";
import { workerThreadTasksCompleted } from "../worker-threads/run-in-worker-thread";
import { readLoggerFileHeaderOrRefuse } from "./read-logger-file-header-or-refuse";
import { readLoggerFileOrRefuse } from "./read-logger-file-or-refuse";

// Over PARSE_OFF_THREAD_CHARS (256 Ki characters): read on a worker thread.
const rows = Array.from({ length: 12_000 }, (_, i) => `${new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString()},${i / 4},${i % 3}`);
const big = `timestamp,a,b\n${rows.join("\n")}\n`;

describe("logger files read off the main thread", () => {
  it("reads a large file's header and checks its rows on a worker thread", async () => {
    expect(big.length).toBeGreaterThan(256 * 1024);
    const before = workerThreadTasksCompleted();
    const header = await readLoggerFileHeaderOrRefuse(big);
    expect(header).toMatchObject({ format: "csv", timestampIndex: 0, dataColumns: [{ name: "a", index: 1 }, { name: "b", index: 2 }] });
    expect(await readLoggerFileOrRefuse(big, { timeZone: "UTC", columns: ["a", "b"] })).toEqual({ ok: true, rows: 12_000, firstAt: Date.UTC(2026, 0, 1), lastAt: Date.UTC(2026, 0, 1) + 11_999 * 60_000 });
    expect(workerThreadTasksCompleted()).toBe(before + 2);
  });

  it("refuses a malformed large file naming its row and column, as on the main thread", async () => {
    const refusal = (content: string) => readLoggerFileOrRefuse(content, { timeZone: "UTC", columns: ["a"] }).then(() => undefined, (e: unknown) => e);
    const offMain = await refusal(big.replace(",2999.75,", ",n/a,"));
    expect(offMain).toBeInstanceOf(DomainError);
    expect((offMain as DomainError).message).toBe('The file cannot be imported: row 12001, column "a": "n/a" is not a number');
    expect((offMain as DomainError).details).toEqual({ row: 12_001, column: "a" });
    const onMain = await refusal("timestamp,a,b\n2026-01-01T00:00:00Z,n/a,1\n");
    expect((onMain as DomainError).message).toBe('The file cannot be imported: row 2, column "a": "n/a" is not a number');
    await expect(readLoggerFileHeaderOrRefuse(big.replace("timestamp,a,b", "timestamp,,b"))).rejects.toThrow("The file cannot be imported: row 1: every column of the header row needs a name");
  });
});
