/**
 * Reading → notification latency and delivery throughput, against the real services, a real worker
 * process, a local SMTP server and a webhook receiver that verifies every signature. Prints JSON:
 *   notifications.reading_to_webhook_ms / reading_to_email_ms  {p50,p95,p99,n}: from POSTing an
 *     out-of-range reading through the write API handler to the signed webhook / the email arriving,
 *     with scans on a fixed schedule (--scan-ms, 30 s as seeded), evaluator every NOTIFY_EVALUATE_MS
 *   notifications.ingest_breach_to_webhook_ms: a valid-range breach POSTed to the write API → its webhook (no scan involved)
 *   notifications.delivered_per_sec: a backlog of test messages drained by one worker process, per second
 */
import "../server/load-dotenv";
// Enqueues deliveries: their lane comes from the catalog.
import "../server/catalog/job-kinds";
import { randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { simpleParser } from "mailparser";
import { scanSensorAnomalies } from "../server/anomaly-scan/scan-sensor-anomalies";
import { db } from "../server/db";
import { env } from "../server/env";
import { influx } from "../server/influx/influx-client";
import { createInfluxWriteHandler } from "../server/ingest/create-influx-write-handler";
import { createIngestSource } from "../server/ingest/create-ingest-source";
import { createChannel } from "../server/notifications/create-channel";
import { createId } from "../server/notifications/create-id";
import { enqueueDelivery } from "../server/notifications/enqueue-delivery";
import { saveRoute } from "../server/notifications/save-route";
import { saveRouteInput } from "../server/notifications/schemas";
import { inTransaction } from "../server/db";
import { startWebhookReceiver } from "../tests/support/webhook-receiver";
import { argValue, progress, quick, startProcess, summarize } from "./support/processes";

const run = randomUUID().slice(0, 8);
const region = `bench-${run}`;
const sensors = argValue("sensors", quick ? 200 : 1_000);
const anomalies = argValue("anomalies", quick ? 40 : 200);
const scanMs = argValue("scan-ms", 30_000);
const spreadMs = argValue("spread-ms", quick ? 30_000 : 60_000);
const throughputN = argValue("deliveries", quick ? 300 : 1_000);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main() {
  await influx().query(`CREATE DATABASE "${influx().database}"`);
  const write = createInfluxWriteHandler({
    api: "v2",
    maxBodyBytes: 10 * 1024 * 1024,
    rateLimit: { requests: 100_000, windowSeconds: 60, keyPrefix: `bench-notify-${run}` },
  });
  const source = await createIngestSource(db, { name: `bench-${run}`, unknownSensors: "refuse" });
  const keys = Array.from({ length: sensors }, (_, i) => `nb-${run}-${i}`);
  await db.sensor.createMany({
    data: keys.map((key) => ({
      key,
      name: key,
      quantity: "wind_speed",
      unit: "m/s",
      infraType: "wind_mast",
      region,
      site: `site-${run}`,
      intervalSeconds: 5,
      validMin: 0,
      validMax: 40,
    })),
  });
  const post = (lines: string[]) =>
    write(
      new Request("http://bench/api/v2/write?bucket=b&org=o&precision=ms", {
        method: "POST",
        body: lines.join("\n"),
        headers: { authorization: `Token ${source.token}` },
      }),
    );

  const receiver = await startWebhookReceiver();
  const hook = await createChannel(db, { input: { type: "webhook", name: `bench-hook-${run}`, secretUrl: receiver.url, rateLimitPerMinute: 600 } });
  receiver.setSecret(hook.signingSecret!);
  const mailbox = `bench-${run}@example.test`;
  const mail = await createChannel(db, { input: { type: "email", name: `bench-mail-${run}`, to: [mailbox], rateLimitPerMinute: 600 } });
  const route = await saveRoute(db, {
    input: saveRouteInput.parse({ name: `bench-${run}`, position: 0, matchers: { kind: ["anomaly"], region: [region] }, channelIds: [hook.id, mail.id] }),
  });

  const worker = startProcess("worker/main.ts", { LOG_LEVEL: "info" }, "worker ready");
  await worker.ready;
  const writtenAt = new Map<string, number>();
  const emailAt = new Map<string, number>();
  const mailDir = path.resolve(env().MAILBOX_DIR);
  const knownFiles = new Set(await readdir(mailDir).catch(() => [] as string[]));
  const pollMail = async () => {
    for (const file of await readdir(mailDir).catch(() => [] as string[])) {
      if (knownFiles.has(file) || !file.endsWith(".eml")) continue;
      knownFiles.add(file);
      const parsed = await simpleParser(await readFile(path.join(mailDir, file)));
      const key = /nb-[0-9a-f]{8}-\d+/.exec(parsed.subject ?? "")?.[0];
      // The mailbox names each file after the time it was received.
      if (key && (parsed.subject ?? "").includes("(opened)") && !emailAt.has(key)) emailAt.set(key, Number(file.split("-")[0]));
    }
  };

  let stop = false;
  const started = Date.now();
  // Normal readings every 5 s for every sensor, noisy so no detector but the range check fires.
  const background = (async () => {
    while (!stop) {
      const t = Date.now();
      await post(keys.map((k) => `reading,sensor=${k} value=${(10 + Math.random()).toFixed(3)} ${t}`));
      await sleep(5_000 - (Date.now() - t));
    }
  })();
  const scans = (async () => {
    while (!stop) {
      const t = Date.now();
      await scanSensorAnomalies(db, { region, scanKey: `bench-notify-${run}`, allowedLatenessMs: 0, initialLookbackMs: 120_000, warmupMs: 0 }).catch((err) =>
        progress(`scan failed: ${(err as Error).message}`),
      );
      await sleep(Math.max(0, scanMs - (Date.now() - t)));
    }
  })();
  const chosen = [...keys].sort(() => Math.random() - 0.5).slice(0, anomalies);
  progress(`${sensors} sensors, ${anomalies} out-of-range readings over ${spreadMs / 1000} s, scans every ${scanMs / 1000} s`);
  for (const [i, key] of chosen.entries()) {
    await sleep(Math.max(0, started + ((i + 1) * spreadMs) / anomalies - Date.now()));
    const t = Date.now();
    writtenAt.set(key, t);
    await post([`reading,sensor=${key} value=99 ${t}`]);
  }
  const deadline = Date.now() + scanMs + 60_000;
  const webhookAt = () =>
    new Map(
      receiver.accepted
        .filter((a) => (a.body as { event?: string }).event === "incident.opened")
        .map((a) => [(a.body as { incident: { sensorKey: string } }).incident.sensorKey, a.at]),
    );
  while (Date.now() < deadline) {
    await pollMail();
    if (webhookAt().size >= anomalies && emailAt.size >= anomalies) break;
    await sleep(250);
  }
  stop = true;
  await Promise.all([background, scans]);
  const hooks = webhookAt();
  const readingStages = await breachProfile(chosen, writtenAt, hooks, hook.id);
  progress(
    `reading stages (p50/p95 ms): ${Object.entries(readingStages)
      .map(([k, v]) => `${k} ${v.p50}/${v.p95}`)
      .join(", ")}`,
  );
  const toWebhook = chosen.filter((k) => hooks.has(k)).map((k) => hooks.get(k)! - writtenAt.get(k)!);
  const toEmail = chosen.filter((k) => emailAt.has(k)).map((k) => emailAt.get(k)! - writtenAt.get(k)!);
  progress(
    `webhooks ${toWebhook.length}/${anomalies}, emails ${toEmail.length}/${anomalies}, signatures verified: ${receiver.accepted.every((a) => a.verified)}`,
  );

  // Ingest-time detection: a breach on a sensor with no incident yet, timed from its POST to the webhook.
  const breachKeys = keys.filter((k) => !writtenAt.has(k)).slice(0, quick ? 20 : 50);
  const breachAt = new Map<string, number>();
  for (const key of breachKeys) {
    const t = Date.now();
    breachAt.set(key, t);
    await post([`reading,sensor=${key} value=-5 ${t}`]);
    await sleep(200);
  }
  const breachDeadline = Date.now() + 30_000;
  while (breachKeys.some((k) => !webhookAt().has(k)) && Date.now() < breachDeadline) await sleep(50);
  const hooksAfter = webhookAt();
  const breachToWebhook = breachKeys.filter((k) => hooksAfter.has(k)).map((k) => hooksAfter.get(k)! - breachAt.get(k)!);
  progress(`ingest breaches: ${breachToWebhook.length}/${breachKeys.length} webhooks`);
  const breachStages = await breachProfile(breachKeys, breachAt, hooksAfter, hook.id);
  progress(
    `ingest breach stages (p50/p95 ms): ${Object.entries(breachStages)
      .map(([k, v]) => `${k} ${v.p50}/${v.p95}`)
      .join(", ")}`,
  );

  // Throughput: a backlog of test messages (they skip the rate limit) queued while no worker runs,
  // then one worker drains it: what the delivery path sustains, without the queueing in the figure.
  await worker.stop();
  const before = receiver.accepted.length;
  const q0 = Date.now();
  for (let i = 0; i < throughputN; i += 100) {
    await inTransaction(db, async (tx) => {
      for (let j = i; j < Math.min(throughputN, i + 100); j++) {
        const id = createId("ntf");
        await tx.notificationDelivery.create({
          data: {
            id,
            channelId: hook.id,
            dedupKey: `bench:${id}`,
            event: "test",
            payload: { schema: "gristmill.alert.v1", event: "test", title: `bench ${j}` },
            status: "queued",
          },
        });
        await enqueueDelivery(tx, { deliveryId: id, triggeredBy: "bench" });
      }
    });
  }
  const queuedMs = Date.now() - q0;
  const drainer = startProcess("worker/main.ts", { LOG_LEVEL: "info" }, "worker ready");
  await drainer.ready;
  const t0 = Date.now();
  while (receiver.accepted.length - before < throughputN && Date.now() - t0 < 300_000) await sleep(50);
  const elapsed = (receiver.accepted.at(-1)!.at - t0) / 1000;
  const deliveredPerSec = Math.round(((receiver.accepted.length - before) / elapsed) * 10) / 10;
  progress(`${receiver.accepted.length - before} test messages in ${elapsed.toFixed(1)} s (queued in ${queuedMs} ms)`);

  await drainer.stop();
  await db.notificationRoute.delete({ where: { id: route.id } });
  await receiver.close();
  console.log(
    JSON.stringify({
      notifications: {
        reading_to_webhook_ms: summarize(toWebhook),
        reading_to_email_ms: summarize(toEmail),
        reading_stages_ms: readingStages,
        delivered_per_sec: deliveredPerSec,
        ingest_breach_to_webhook_ms: summarize(breachToWebhook),
        ingest_breach_stages_ms: breachStages,
        setup: {
          sensors,
          anomalies,
          scan_interval_ms: scanMs,
          evaluate_interval_ms: env().NOTIFY_EVALUATE_MS,
          webhooks_received: toWebhook.length,
          emails_received: toEmail.length,
          throughput_messages: throughputN,
        },
      },
    }),
  );
  await db.$disconnect();
  process.exit(0);
}

/**
 * Where an ingest breach's time goes, from the rows it leaves: POST → its delivery planned (incident
 * written and evaluated), planned → its run started (queue wait), started → sent, sent → received.
 */
async function breachProfile(keys: string[], postedAt: Map<string, number>, receivedAt: Map<string, number>, channelId: string) {
  const stages: Record<"planned" | "queued" | "sending" | "receiving", number[]> = { planned: [], queued: [], sending: [], receiving: [] };
  for (const key of keys) {
    const incident = await db.alertIncident.findFirst({ where: { sensorKey: key }, orderBy: { openedAt: "asc" } });
    const delivery = incident && (await db.notificationDelivery.findFirst({ where: { incidentId: incident.id, channelId, event: "incident.opened" } }));
    const runRow = delivery?.runId ? await db.jobRun.findUnique({ where: { id: delivery.runId } }) : null;
    if (!delivery || !runRow?.startedAt || !delivery.sentAt || !receivedAt.has(key)) continue;
    stages.planned.push(delivery.createdAt.getTime() - postedAt.get(key)!);
    stages.queued.push(runRow.startedAt.getTime() - delivery.createdAt.getTime());
    stages.sending.push(delivery.sentAt.getTime() - runRow.startedAt.getTime());
    stages.receiving.push(receivedAt.get(key)! - delivery.sentAt.getTime());
  }
  return Object.fromEntries(Object.entries(stages).map(([k, v]) => [k, summarize(v)])) as Record<keyof typeof stages, ReturnType<typeof summarize>>;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
