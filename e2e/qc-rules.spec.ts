import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { influx } from "../server/influx/influx-client";
import { writeReadings } from "../server/readings/write-readings";
import { demoEmail, mutate, signIn, sql } from "./support";

const STEP = 600_000;

/** A mast with four points and two days of 10-minute readings: still and freezing for 5 h 10 min (31 stamps), and for one hour later. */
async function mastWithIcing() {
  const stamp = Date.now().toString(36);
  const stationId = `e2e-rule-${stamp}`;
  await sql(`INSERT INTO "Station" (id, name, slug, type) VALUES ($1, $2, $1, 'mast')`, [stationId, `E2E Rule Mast ${stamp}`]);
  const names = ["Spd80mN", "Spd80mNStd", "Dir78mS", "T2m"];
  const keys = Object.fromEntries(names.map((n) => [n, `${stationId}.${n.toLowerCase()}`]));
  for (const name of names) {
    await sql(
      `INSERT INTO "Sensor" (id, key, name, quantity, unit, "infraType", region, site, "intervalSeconds", "updatedAt") VALUES ($1, $1, $2, 'wind_speed', 'm/s', 'wind_mast', $3, 'E2E', 600, now())`,
      [keys[name], `${name} ${stamp}`, stationId],
    );
    await sql(
      `INSERT INTO "MeasurementPoint" (id, "stationId", "sensorId", name, quantity, statistic, unit) VALUES ($1, $2, $1, $3, 'wind_speed', 'avg', 'm/s')`,
      [keys[name], stationId, name],
    );
  }
  const start = Math.floor(Date.now() / STEP) * STEP - 288 * STEP;
  const at = (i: number) => start + i * STEP;
  const still = (i: number) => (i >= 100 && i <= 130) || (i >= 200 && i <= 205);
  const cold = (i: number) => (i >= 90 && i <= 140) || (i >= 200 && i <= 205);
  const value: Record<string, (i: number) => number> = {
    Spd80mN: (i) => 7 + (i % 5) / 10,
    Spd80mNStd: (i) => (still(i) ? 0.1 : 0.9),
    Dir78mS: (i) => (180 + i) % 360,
    T2m: (i) => (cold(i) ? -3 : 5),
  };
  await writeReadings(influx(), {
    points: names.flatMap((n) =>
      Array.from({ length: 288 }, (_, i) => ({ sensorKey: keys[n], time: at(i), value: value[n](i), quantity: "wind_speed", region: stationId })),
    ),
  });
  return { stationId, keys, at };
}

test("an engineer writes an icing rule, previews its last month, saves it and finds exactly the preview flagged", async ({ page }) => {
  const { stationId, keys, at } = await mastWithIcing();
  await signIn(page, demoEmail("engineer"));
  await page.goto(`/stations/${stationId}`);
  const panel = page.getByRole("region", { name: "Site QC rules" });
  await expect(panel.getByTestId("qc-rules")).toContainText("No site rules yet.");
  await panel.getByRole("button", { name: "New rule" }).click();

  const form = panel.getByRole("form", { name: "Site rule" });
  await form.getByLabel("Name").fill("icing");
  await form.getByLabel("Description").fill("cups iced up");
  const targets = form.getByRole("group", { name: "Points to flag" });
  await targets.getByLabel("Spd80mN", { exact: true }).check();
  await targets.getByLabel("Dir78mS", { exact: true }).check();
  await form.getByLabel("Condition 1 point").selectOption("Spd80mNStd");
  await form.getByLabel("Condition 1 comparison").selectOption("<");
  await form.getByLabel("Condition 1 value").fill("0.25");
  await form.getByRole("button", { name: "Add condition" }).click();
  await form.getByLabel("Condition 2 point").selectOption("T2m");
  await form.getByLabel("Condition 2 value").fill("1");
  await form.getByLabel("For at least (minutes)").fill("120");
  // Nothing is saved unseen.
  await expect(form.getByRole("button", { name: "Save rule" })).toBeDisabled();

  await form.getByRole("button", { name: "Preview last 30 days" }).click();
  const preview = form.getByTestId("rule-preview");
  await expect(preview).toContainText("flag Spd80mN, Dir78mS (fail) while Spd80mNStd < 0.25 and T2m < 1 for 2 h");
  await expect(preview.getByTestId("preview-ranges")).toHaveText("1");
  await expect(preview.getByTestId("preview-Spd80mN").getByTestId("preview-readings")).toHaveText("31");
  await expect(preview.getByTestId("preview-Dir78mS").getByTestId("preview-readings")).toHaveText("31");
  // The station page with its stacked charts, the rule editor and the preview is accessible.
  const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(
    violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map(
        (v) =>
          `${v.id}: ${v.nodes
            .slice(0, 3)
            .map((n) => n.target.join(" "))
            .join(" | ")}`,
      ),
  ).toEqual([]);
  // A change after the preview asks for another.
  await form.getByLabel("For at least (minutes)").fill("30");
  await expect(form.getByRole("button", { name: "Save rule" })).toBeDisabled();
  await form.getByLabel("For at least (minutes)").fill("120");
  await form.getByRole("button", { name: "Preview last 30 days" }).click();
  await form.getByRole("button", { name: "Save rule" }).click();

  await expect(panel.getByRole("status")).toContainText("Saved icing v1: 2 flag(s) over the last 30 days");
  const row = panel.getByTestId("qc-rule-icing");
  await expect(row).toContainText("v1");
  await expect(row.getByTestId("rule-flags")).toHaveText("2");
  for (const point of ["Spd80mN", "Dir78mS"]) {
    const flags = await sql<{ from: Date; to: Date; test: string }>(`SELECT "from", "to", test FROM "SensorFlag" WHERE "sensorId" = $1 AND source = 'auto'`, [
      keys[point],
    ]);
    expect(flags.map((f) => [f.from.getTime(), f.to.getTime()])).toEqual([[at(100), at(130)]]);
    expect(flags[0].test).toMatch(/^rule:/);
  }
  expect(await sql(`SELECT 1 FROM "SensorFlag" WHERE "sensorId" = $1`, [keys.T2m])).toHaveLength(0);
  expect(await sql(`SELECT 1 FROM "AuditEvent" WHERE "targetType" = 'qcRule' AND action = 'qc.saveRule'`)).not.toHaveLength(0);

  // The point's page names the rule that flagged it.
  await page.goto(`/sensors/${encodeURIComponent(keys.Spd80mN)}`);
  await expect(page.getByRole("region", { name: "Quality-control flags" }).getByTestId("qc-flags")).toContainText("rule icing v1");

  // Deleting it takes its flags back.
  await page.goto(`/stations/${stationId}`);
  await panel.getByRole("button", { name: "Delete icing" }).click();
  await expect(panel.getByRole("status")).toContainText("2 of its flags taken back");
  expect(await sql(`SELECT 1 FROM "SensorFlag" WHERE "sensorId" = ANY($1::text[])`, [[keys.Spd80mN, keys.Dir78mS]])).toHaveLength(0);
});

test("a rule naming a point the station lacks is refused with the point's name; a stakeholder reads rules but cannot write them", async ({ page }) => {
  const { stationId } = await mastWithIcing();
  await signIn(page, demoEmail("operator"));
  const refused = await mutate(page, "qc.saveRule", {
    stationId,
    name: "ghost",
    definition: { flag: ["Spd99m"], conditions: [{ point: "T2m", op: "<", value: 1 }] },
  });
  expect(refused.status).toBe(400);
  expect(refused.data.message).toContain("Spd99m");
  const hostile = await mutate(page, "qc.saveRule", {
    stationId,
    name: "x",
    definition: { flag: ["T2m"], conditions: [{ point: "T2m", op: "<", value: 1, of: "value", windowMinutes: 99999 }] },
  });
  expect(hostile.status).toBe(400);
  const saved = await mutate(page, "qc.saveRule", {
    stationId,
    name: "frozen vane",
    definition: { flag: ["Dir78mS"], conditions: [{ point: "T2m", op: "<", value: 1 }], forMinutes: 60 },
  });
  expect(saved.status).toBe(200);

  await page.context().clearCookies();
  await signIn(page, demoEmail("stakeholder"));
  await page.goto(`/stations/${stationId}`);
  const panel = page.getByRole("region", { name: "Site QC rules" });
  await expect(panel.getByTestId("qc-rule-frozen vane")).toContainText("flag Dir78mS (fail) while T2m < 1 for 1 h");
  await expect(panel.getByRole("button", { name: "New rule" })).toHaveCount(0);
  await expect(panel.getByRole("button", { name: /Delete/ })).toHaveCount(0);
  const forbidden = await mutate(page, "qc.saveRule", {
    stationId,
    name: "mine",
    definition: { flag: ["Dir78mS"], conditions: [{ point: "T2m", op: "<", value: 1 }] },
  });
  expect(forbidden.status).toBe(403);
});

test("an operator sets one point's QC tests on the station page; broken JSON and bad parameters are refused; the QC page lists it", async ({ page }) => {
  const { stationId } = await mastWithIcing();
  await signIn(page, demoEmail("operator"));
  await page.goto(`/stations/${stationId}`);
  await page.getByText("Set a point's QC tests").click();
  const form = page.getByRole("form", { name: "Set a point's QC tests" });
  await form.getByLabel("Point").selectOption({ label: "Spd80mN" });
  await form.getByLabel(/^Tests/).fill("{ nope");
  await form.getByRole("button", { name: "Save point tests" }).click();
  await expect(page.getByTestId("form-error")).toContainText("Not valid JSON");
  await form.getByLabel(/^Tests/).fill(JSON.stringify({ gross_range: { enabled: true, params: { failMin: 50, failMax: 0 } } }));
  await form.getByRole("button", { name: "Save point tests" }).click();
  await expect(page.getByTestId("form-error")).toContainText("failMin must be below failMax");
  await form.getByLabel(/^Tests/).fill(JSON.stringify({ gross_range: { enabled: true, params: { failMin: 0, failMax: 40 } } }));
  await form.getByRole("button", { name: "Save point tests" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved Spd80mN's tests" })).toBeVisible();
  const [row] = await sql<{ tests: unknown }>(
    `SELECT c.tests FROM "QcConfig" c JOIN "MeasurementPoint" p ON p.id = c."pointId" WHERE p."stationId" = $1 AND p.name = 'Spd80mN'`,
    [stationId],
  );
  expect(row.tests).toMatchObject({ gross_range: { enabled: true, params: { failMin: 0, failMax: 40 } } });

  await page.goto("/qc");
  await expect(page.getByTestId("qc-points")).toContainText(`E2E Rule Mast`);
  await expect(page.getByTestId("qc-points").locator("tr", { hasText: "Spd80mN" }).first()).toContainText("failMax");
});
