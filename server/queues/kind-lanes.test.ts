import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { HEAVY_QUEUE } from "./queues";
import { queueForRun } from "./queue-for-run";

const root = path.resolve(__dirname, "..", "..");

describe("kind lanes", () => {
  it("places a registered test kind on its lane and an unknown kind on its class's queue", () => {
    // vitest's setup file registered the catalog and the test kinds.
    expect(queueForRun({ kind: "sleep-heavy", priority: "P1" })).toBe(HEAVY_QUEUE);
    expect(queueForRun({ kind: "no-such-kind", priority: "P0" })).toBe("critical");
  });

  it("refuses to pick a queue in a process that registered no kinds, rather than guessing", () => {
    const script = `const { queueForRun } = require("./server/queues/queue-for-run"); try { queueForRun({ kind: "readings-export", priority: "P2" }); console.log("placed"); } catch (err) { console.log("refused: " + err.message); }`;
    const child = spawnSync(process.execPath, ["--import", "tsx", "-e", script], { cwd: root, encoding: "utf8", timeout: 60_000 });
    expect(child.stdout.trim(), child.stderr).toMatch(/^refused: No job kinds registered/);
  });
});
