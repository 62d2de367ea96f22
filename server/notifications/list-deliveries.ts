import type { Db } from "../db";

/** Delivery history, newest first, for a channel or an incident; a delivery a silence or maintenance window muted names it. */
export async function listDeliveries(db: Db, options: { channelId?: string; incidentId?: string; limit: number }) {
  const rows = await db.notificationDelivery.findMany({
    where: { channelId: options.channelId, incidentId: options.incidentId },
    orderBy: { createdAt: "desc" },
    take: options.limit,
    select: {
      id: true,
      channelId: true,
      event: true,
      incidentId: true,
      routeId: true,
      status: true,
      attempts: true,
      runId: true,
      lastError: true,
      notBefore: true,
      silenceId: true,
      createdAt: true,
      sentAt: true,
      channel: { select: { name: true, type: true } },
    },
  });
  const silenceIds = [...new Set(rows.flatMap((r) => (r.silenceId ? [r.silenceId] : [])))];
  const silences = new Map(
    silenceIds.length === 0
      ? []
      : (await db.notificationSilence.findMany({ where: { id: { in: silenceIds } }, select: { id: true, kind: true, comment: true, endsAt: true } })).map(
          (s) => [s.id, s],
        ),
  );
  return rows.map((r) => ({ ...r, silence: r.silenceId ? (silences.get(r.silenceId) ?? null) : null }));
}
