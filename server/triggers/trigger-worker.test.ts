import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { startWorkerProcess } from "@/tests/support/worker-process";
import { db, inTransaction } from "../db";
import { emitDomainEvent } from "../domain-events/emit-domain-event";
import { saveJobDefinition } from "../jobs/save-job-definition";
import { createJobTrigger } from "./save-job-trigger";

describe("a real worker sweeps the outbox", () => {
  const worker = startWorkerProcess({ TRIGGER_SWEEP_MS: "200" });
  let definitionId: string | undefined;
  afterAll(async () => {
    worker.child.kill("SIGTERM");
    await worker.exited;
    if (definitionId) await db.jobDefinition.delete({ where: { id: definitionId } });
    await db.$disconnect();
  });

  it("runs the job an import event triggers, with the mapped parameters, to success", async () => {
    await expect.poll(() => worker.output(), { timeout: 30_000 }).toContain('"event":"worker.started"');
    const def = await saveJobDefinition(db, {
      fields: { name: `test trg worker ${randomUUID().slice(0, 6)}`, kind: "sleep", params: { ms: 5 } },
      changedBy: "test",
    });
    definitionId = def.id;
    // Its own logger: events other files left in the outbox do not pass this filter.
    const loggerId = `logger-${randomUUID().slice(0, 8)}`;
    await createJobTrigger(db, {
      definitionId: def.id,
      fields: { name: "on import", event: "import.finished", filter: { loggerId }, paramMap: { ms: "rows" } },
      createdBy: "test",
    });
    const importId = `imp_${randomUUID()}`;
    await inTransaction(db, (tx) =>
      emitDomainEvent(tx, {
        kind: "import.finished",
        dedupeKey: `import.finished:${importId}:succeeded`,
        payload: { importId, fileName: "f.csv", status: "succeeded", rows: 12, points: 24, firstAt: null, lastAt: null, sensorKeys: [], loggerId, error: null },
      }),
    );
    await expect
      .poll(async () => (await db.jobRun.findFirst({ where: { definitionId: def.id } }))?.status, { timeout: 20_000, interval: 200 })
      .toBe("succeeded");
    const runs = await db.jobRun.findMany({ where: { definitionId: def.id } });
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ params: { ms: 12 }, trigger: "event", result: { sleptMs: 12 } });
  });
});
