import { changeIncidentStatus } from "../alerts/change-incident-status";
import { inTransaction, type Db } from "../db";
import { DomainError } from "../errors";
import { verifyAckToken } from "./ack-links";

const reasons = {
  malformed: "This link is not valid.",
  "bad-signature": "This link is not valid.",
  expired: "This link has expired; acknowledge the incident in the console.",
};

/**
 * The one-click acknowledge link of a notification: no session, the signed token is the authority.
 * The acknowledgement and its audit row commit together; an incident already acknowledged or resolved is reported as such.
 */
export async function acknowledgeByLink(db: Db, options: { token: string; clientIp?: string }) {
  const check = verifyAckToken(options.token);
  if (!check.ok) throw new DomainError("FORBIDDEN", reasons[check.reason]);
  const incidentId = check.claims.i;
  return inTransaction(db, async (tx) => {
    const incident = await tx.alertIncident.findUnique({ where: { id: incidentId }, select: { id: true, status: true, sensorKey: true } });
    if (!incident) throw new DomainError("NOT_FOUND", "This incident no longer exists.");
    if (incident.status !== "open") return { incidentId, sensorKey: incident.sensorKey, status: incident.status, changed: false };
    await changeIncidentStatus(tx, { id: incidentId, action: "acknowledge", by: "acknowledge-link" });
    await tx.auditEvent.create({
      data: {
        action: "alerts.acknowledgeByLink",
        actorEmail: "acknowledge-link",
        targetType: "alertIncident",
        targetId: incidentId,
        before: { status: incident.status },
        after: { status: "acknowledged", linkExpiresAt: new Date(check.claims.e).toISOString() },
        clientIp: options.clientIp,
      },
    });
    return { incidentId, sensorKey: incident.sensorKey, status: "acknowledged", changed: true };
  });
}
