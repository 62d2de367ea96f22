import { createHash } from "node:crypto";
import { expect, test } from "@playwright/test";
import { startWebhookReceiver } from "../tests/support/webhook-receiver";
import { demoEmail, signIn, sql } from "./support";

test("an operator adds a webhook channel, a route and a silence, sends a test and sees it delivered, signed, in the history", async ({ page }) => {
  const run = Date.now().toString(36);
  const receiver = await startWebhookReceiver();
  try {
    await signIn(page, demoEmail("operator"));
    await page.getByRole("link", { name: "Notifications" }).click();
    await expect(page.getByRole("heading", { name: "Notifications", level: 1 })).toBeVisible();

    const channelForm = page.getByRole("form", { name: "New channel" });
    await channelForm.getByLabel("Type").selectOption("webhook");
    await channelForm.getByLabel("Channel name").fill(`ops-hook-${run}`);
    await channelForm.getByLabel("URL (kept encrypted)").fill(`${receiver.url}?token=secret-${run}`);
    await channelForm.getByRole("button", { name: "Add channel" }).click();
    const secret = (await page.getByTestId("signing-secret").locator("code").textContent())!;
    expect(secret).toMatch(/^whsec_/);
    receiver.setSecret(secret);
    const row = page.getByTestId(`channel-ops-hook-${run}`);
    await expect(row).toContainText("http://127.0.0.1");
    await expect(row).not.toContainText(`secret-${run}`);
    // Not stored in clear either.
    const [stored] = await sql<{ settings: unknown; secretCipher: string }>(`SELECT settings, "secretCipher" FROM "NotificationChannel" WHERE name = $1`, [
      `ops-hook-${run}`,
    ]);
    expect(JSON.stringify(stored)).not.toContain(`secret-${run}`);

    const routeForm = page.getByRole("form", { name: "New route" });
    await routeForm.getByLabel("Route name").fill(`north-${run}`);
    await routeForm.getByLabel("Regions").fill(`north-${run}`);
    await routeForm.getByLabel(`ops-hook-${run}`).check();
    await routeForm.getByRole("button", { name: "Add route" }).click();
    await expect(page.getByTestId(`route-north-${run}`)).toContainText(`region=north-${run}`);
    await expect(page.getByTestId(`route-north-${run}`)).toContainText(`ops-hook-${run}`);

    const silenceForm = page.getByRole("form", { name: "New silence" });
    await silenceForm.getByLabel("Silence sites").fill(`mast-${run}`);
    await silenceForm.getByLabel("Comment").fill(`gearbox swap ${run}`);
    await silenceForm.getByRole("button", { name: "Add silence" }).click();
    const silence = page.getByTestId("silence-row").filter({ hasText: `gearbox swap ${run}` });
    await expect(silence).toContainText(`site=mast-${run}`);
    await expect(silence).toContainText("muting");

    await row.getByRole("button", { name: "Send test" }).click();
    await row.getByRole("button", { name: "History" }).click();
    const delivery = page.getByTestId("delivery-row").first();
    await expect(delivery).toContainText("test");
    await expect(delivery).toContainText("sent", { timeout: 20_000 });
    expect(receiver.accepted).toHaveLength(1);
    expect(receiver.accepted[0].verified).toBe(true);

    await silence.getByRole("button", { name: "End now" }).click();
    await expect(silence).toContainText("idle");
  } finally {
    await sql(`DELETE FROM "NotificationRoute" WHERE name = $1`, [`north-${run}`]);
    await receiver.close();
  }
});

test("each route lists, live, the open incidents it matches: a breach written through the write API appears and leaves when resolved", async ({
  page,
  baseURL,
}) => {
  const run = Date.now().toString(36);
  const region = `rm-north-${run}`;
  const key = `e2e-rm-${run}`;
  const token = `gm_e2e_route_matches_${run}`;
  await sql(`INSERT INTO "IngestSource" (id, name, "tokenHash", "tokenPrefix", "unknownSensors") VALUES ($1, $1, $2, $3, 'refuse')`, [
    `e2e-rm-src-${run}`,
    createHash("sha256").update(token).digest("hex"),
    token.slice(0, 10),
  ]);
  await sql(
    `INSERT INTO "Sensor" (id, key, name, quantity, unit, "infraType", region, site, "intervalSeconds", "validMin", "validMax", "updatedAt") VALUES ($1, $1, $1, 'wind_speed', 'm/s', 'wind_mast', $2, $3, 5, 0, 40, now())`,
    [key, region, `mast-${run}`],
  );
  // Top of the list and continuing, so no other route stops the walk before it (and it stops none).
  await sql(
    `INSERT INTO "NotificationRoute" (id, position, name, matchers, "channelIds", continue, "escalateChannelIds", "updatedAt") VALUES ($1, -1000, $1, $2, '{}', true, '{}', now())`,
    [`rm-${run}`, JSON.stringify({ kind: ["anomaly"], region: [region] })],
  );
  try {
    await signIn(page, demoEmail("operator"));
    await page.goto("/notifications");
    const matches = page.getByTestId(`route-rm-${run}`).getByTestId("route-matches");
    await expect(matches).toContainText("none");

    const write = await page.request.post("/api/v2/write?bucket=readings&org=gristmill&precision=ms", {
      headers: { authorization: `Token ${token}`, "content-type": "text/plain" },
      data: `reading,sensor=${key} value=99 ${Date.now()}`,
    });
    expect(write.status()).toBe(204);
    // No reload: the alerts topic's event refetches the list.
    const item = matches.getByTestId("route-match").filter({ hasText: key });
    await expect(item).toBeVisible({ timeout: 10_000 });
    await expect(item).toContainText("critical");
    await expect(matches).toContainText("1 open");

    const [incident] = await sql<{ id: string }>(`SELECT id FROM "AlertIncident" WHERE "sensorKey" = $1`, [key]);
    const resolved = await page.request.post("/api/trpc/alerts.resolve", {
      data: { json: { id: incident.id } },
      headers: { origin: new URL(baseURL!).origin },
    });
    expect(resolved.status()).toBe(200);
    await expect(matches).toContainText("none", { timeout: 10_000 });
  } finally {
    await sql(`DELETE FROM "NotificationRoute" WHERE id = $1`, [`rm-${run}`]);
  }
});

test("a breach under a maintenance window shows held on the incident and in the history; the operator ends the window and it is sent; a refusing channel shows failing", async ({
  page,
}) => {
  const run = Date.now().toString(36);
  const region = `mw-${run}`;
  const site = `mw-mast-${run}`;
  const key = `e2e-mw-${run}`;
  const token = `gm_e2e_maint_window_${run}`;
  const receiver = await startWebhookReceiver();
  await sql(`INSERT INTO "IngestSource" (id, name, "tokenHash", "tokenPrefix", "unknownSensors") VALUES ($1, $1, $2, $3, 'refuse')`, [
    `e2e-mw-src-${run}`,
    createHash("sha256").update(token).digest("hex"),
    token.slice(0, 10),
  ]);
  await sql(
    `INSERT INTO "Sensor" (id, key, name, quantity, unit, "infraType", region, site, "intervalSeconds", "validMin", "validMax", "updatedAt") VALUES ($1, $1, $1, 'wind_speed', 'm/s', 'wind_mast', $2, $3, 5, 0, 40, now())`,
    [key, region, site],
  );
  try {
    await signIn(page, demoEmail("operator"));
    await page.goto("/notifications");
    const channelForm = page.getByRole("form", { name: "New channel" });
    await channelForm.getByLabel("Type").selectOption("webhook");
    await channelForm.getByLabel("Channel name").fill(`mw-hook-${run}`);
    await channelForm.getByLabel("URL (kept encrypted)").fill(receiver.url);
    await channelForm.getByRole("button", { name: "Add channel" }).click();
    receiver.setSecret((await page.getByTestId("signing-secret").locator("code").textContent())!);
    const [channel] = await sql<{ id: string }>(`SELECT id FROM "NotificationChannel" WHERE name = $1`, [`mw-hook-${run}`]);
    await sql(
      `INSERT INTO "NotificationRoute" (id, position, name, matchers, "channelIds", continue, "escalateChannelIds", "updatedAt") VALUES ($1, -1000, $1, $2, $3, true, '{}', now())`,
      [`mw-${run}`, JSON.stringify({ kind: ["anomaly"], region: [region] }), [channel.id]],
    );

    const silenceForm = page.getByRole("form", { name: "New silence" });
    await silenceForm.getByLabel("Kind").selectOption("maintenance");
    await silenceForm.getByLabel("Silence sites").fill(site);
    await silenceForm.getByLabel("Comment").fill(`anemometer swap ${run}`);
    await silenceForm.getByRole("button", { name: "Add silence" }).click();
    const window = page.getByTestId("silence-row").filter({ hasText: `anemometer swap ${run}` });
    await expect(window).toContainText("muting");

    const write = await page.request.post("/api/v2/write?bucket=readings&org=gristmill&precision=ms", {
      headers: { authorization: `Token ${token}`, "content-type": "text/plain" },
      data: `reading,sensor=${key} value=99 ${Date.now()}`,
    });
    expect(write.status()).toBe(204);

    await page.goto("/alerts");
    const incident = page.getByTestId(`incident-${key}`);
    await expect(incident.getByTestId("mute-badge")).toContainText("held", { timeout: 15_000 });
    await expect(incident.getByTestId("mute-badge")).toContainText(`maintenance: anemometer swap ${run}`);

    await page.goto("/notifications");
    await page.getByTestId(`channel-mw-hook-${run}`).getByRole("button", { name: "History" }).click();
    const delivery = page.getByTestId("delivery-row").filter({ hasText: "incident.opened" });
    await expect(delivery.getByTestId("mute-badge")).toContainText(`held maintenance: anemometer swap ${run}`, { timeout: 10_000 });
    expect(receiver.requests).toHaveLength(0);

    await page
      .getByTestId("silence-row")
      .filter({ hasText: `anemometer swap ${run}` })
      .getByRole("button", { name: "End now" })
      .click();
    await expect(delivery).toContainText("sent", { timeout: 15_000 });
    await expect(delivery).toContainText("released");
    expect(receiver.accepted.map((a) => (a.body as { event: string }).event)).toEqual(["incident.opened"]);

    // Nothing listens on port 9: every attempt fails, and after three in a row the channel shows failing.
    const channelForm2 = page.getByRole("form", { name: "New channel" });
    await channelForm2.getByLabel("Type").selectOption("webhook");
    await channelForm2.getByLabel("Channel name").fill(`mw-dead-${run}`);
    await channelForm2.getByLabel("URL (kept encrypted)").fill("http://127.0.0.1:9/hook");
    await channelForm2.getByRole("button", { name: "Add channel" }).click();
    const dead = page.getByTestId(`channel-mw-dead-${run}`);
    await expect(dead).toContainText("unused");
    await dead.getByRole("button", { name: "Send test" }).click();
    await expect(dead).toContainText("failing", { timeout: 20_000 });

    // The operational alert it raises is an incident like the others: on the route that matches its kind, and in the dry run.
    const [deadChannel] = await sql<{ id: string }>(`SELECT id FROM "NotificationChannel" WHERE name = $1`, [`mw-dead-${run}`]);
    await sql(
      `INSERT INTO "NotificationRoute" (id, position, name, matchers, "channelIds", continue, "escalateChannelIds", "updatedAt") VALUES ($1, -999, $1, $2, $3, true, '{}', now())`,
      [`mw-ops-${run}`, JSON.stringify({ kind: ["channel_failing"] }), [channel.id, deadChannel.id]],
    );
    await page.reload();
    const opsMatches = page.getByTestId(`route-mw-ops-${run}`).getByTestId("route-matches");
    await expect(opsMatches.getByTestId("route-match").filter({ hasText: `mw-dead-${run}` })).toContainText("channel_failing", { timeout: 15_000 });
    const dryRun = page.getByTestId("dry-run");
    await dryRun.getByLabel("Open incident or operational alert").selectOption(`op:channel_failing:${deadChannel.id}`);
    // Told through the other channel only: a failing channel is not told about itself.
    await expect(dryRun.getByRole("listitem").filter({ hasText: `mw-ops-${run}` })).toContainText(`mw-hook-${run} (webhook)`);
    await expect(dryRun.getByRole("listitem").filter({ hasText: `mw-ops-${run}` })).not.toContainText(`mw-dead-${run}`);
  } finally {
    await sql(`DELETE FROM "NotificationRoute" WHERE id = ANY($1)`, [[`mw-${run}`, `mw-ops-${run}`]]);
    await sql(`UPDATE "NotificationChannel" SET enabled = false WHERE name = $1`, [`mw-dead-${run}`]);
    await sql(`UPDATE "AlertIncident" SET status = 'resolved', "resolvedAt" = now() WHERE "sensorKey" = $1`, [key]);
    await receiver.close();
  }
});

test("a stakeholder has no notifications page and the server refuses to create a channel", async ({ page }) => {
  await signIn(page, demoEmail("stakeholder"));
  await expect(page.getByRole("link", { name: "Notifications" })).toHaveCount(0);
  const response = await page.request.post("/api/trpc/notifications.createChannel", { data: { type: "email", name: "x", to: ["a@b.test"] } });
  expect(response.status()).toBe(403);
});
