import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestUser } from "@/tests/support/users";
import { detectorVersion } from "../anomaly/detector-version";
import { anomalyConfigSchema } from "../anomaly/schemas";
import { createCaller } from "../api/root";
import type { SessionUser } from "../auth/session";
import { db } from "../db";
import { evaluateLabelledIncidents } from "./evaluate-labelled-incidents";

async function incident(detectors: string[], quantity = "temperature") {
  const id = `label-test-${randomUUID()}`;
  await db.alertIncident.create({
    data: { id, groupingKey: id, sensorKey: `${id}/s`, quantity, status: "open", severity: "warning", detectors, openedAt: new Date(), lastSeenAt: new Date() },
  });
  return id;
}

describe("incident labels", () => {
  let operator: SessionUser;
  let stakeholder: SessionUser;
  const as = (user: SessionUser) => createCaller({ db, user, resHeaders: new Headers() });
  beforeAll(async () => {
    operator = (await createTestUser("OPERATOR")).user;
    stakeholder = (await createTestUser("STAKEHOLDER")).user;
  });
  afterAll(() => db.$disconnect());

  it("stores staff's label with who, when and the detectors' version, audits it, and clears it", async () => {
    const id = await incident(["spike"]);
    await as(operator).alerts.label({ id, label: "not_anomaly" });
    const row = await db.alertIncident.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ label: "not_anomaly", labelledBy: operator.email, labelDetectorVersion: detectorVersion });
    expect(row.labelledAt).toBeInstanceOf(Date);
    const audit = await db.auditEvent.findMany({ where: { targetType: "alertIncident", targetId: id } });
    expect(audit.map((a) => a.after)).toEqual([{ label: "not_anomaly", detectorVersion }]);
    expect(audit[0].actorId).toBe(operator.id);

    await as(operator).alerts.label({ id, label: null });
    expect(await db.alertIncident.findUniqueOrThrow({ where: { id } })).toMatchObject({
      label: null,
      labelledBy: null,
      labelledAt: null,
      labelDetectorVersion: null,
    });
  });

  it("refuses a stakeholder, an unknown label, an unknown incident and oversized ids", async () => {
    const id = await incident(["novelty"]);
    await expect(as(stakeholder).alerts.label({ id, label: "real" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(as(operator).alerts.label({ id, label: "maybe" as "real" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(as(operator).alerts.label({ id: "x".repeat(201), label: "real" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(as(operator).alerts.label({ id: `${id}-missing`, label: "real" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await db.alertIncident.findUniqueOrThrow({ where: { id } })).label).toBeNull();
  });

  it("scores precision per detector and profile over the labelled incidents", async () => {
    const evaluation = evaluateLabelledIncidents(
      [
        { sensorKey: "a", quantity: "temperature", detectors: ["spike", "novelty"], label: "real", labelDetectorVersion: "v1" },
        { sensorKey: "b", quantity: "temperature", detectors: ["spike"], label: "not_anomaly", labelDetectorVersion: "v1" },
        { sensorKey: "c", quantity: null, detectors: ["novelty"], label: "real", labelDetectorVersion: "v2" },
      ],
      anomalyConfigSchema.parse({ quantityProfiles: { temperature: "values" } }),
    );
    expect(evaluation.overall).toEqual({ real: 2, notAnomaly: 1, precision: 0.667 });
    expect(evaluation.byDetector).toEqual({ spike: { real: 1, notAnomaly: 1, precision: 0.5 }, novelty: { real: 2, notAnomaly: 0, precision: 1 } });
    expect(evaluation.byProfile).toEqual({ values: { real: 1, notAnomaly: 1, precision: 0.5 }, physical: { real: 1, notAnomaly: 0, precision: 1 } });
    expect(evaluation.byDetectorVersion.v1).toEqual({ real: 1, notAnomaly: 1, precision: 0.5 });

    // Through the API, for viewers too: at least the labels written here.
    const id = await incident(["level_shift"]);
    await as(operator).alerts.label({ id, label: "real" });
    const stats = await as(stakeholder).alerts.labelStats();
    expect(stats.byDetector.level_shift.real).toBeGreaterThanOrEqual(1);
  });
});
