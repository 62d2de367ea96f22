import type { RoleGroup } from "../auth/roles";

/**
 * Who may call what, written down by hand. server/api/access.test.ts checks the running code against
 * it: a procedure, route handler or socket topic missing here fails the test, and so does one whose
 * enforced behaviour differs. Adding one: add its line here with the group the README promises.
 * Groups: see server/auth/roles.ts (admin, operator = ADMIN+OPERATOR, engineer = ADMIN+ENGINEER,
 * staff = all but STAKEHOLDER, viewer = everyone signed in).
 */
export const procedureAccess: Record<string, RoleGroup | "public"> = {
  "auth.me": "public",
  "auth.login": "public",
  "auth.logout": "viewer",
  "auth.changePassword": "viewer",
  "auth.setTimeZone": "viewer", // everyone chooses the zone their own console shows times in
  "users.list": "admin",
  "users.create": "admin",
  "users.resetPassword": "admin",
  "users.update": "admin",
  "system.health": "viewer",
  "telemetry.workers": "staff",
  "telemetry.queueDepths": "staff",
  "telemetry.throughput": "staff",
  "telemetry.slaBreaches": "staff",
  "telemetry.reportThroughput": "viewer", // report jobs only: the stakeholder dashboard's live throughput
  "retention.list": "staff",
  "retention.preview": "operator",
  "retention.update": "operator",
  "retention.dryRun": "operator",
  "audit.list": "admin",
  "alerts.list": "viewer",
  "alerts.get": "viewer",
  "alerts.acknowledge": "staff",
  "alerts.resolve": "staff",
  "alerts.label": "staff",
  "alerts.labelStats": "viewer",
  "sensors.list": "viewer",
  "sensors.get": "viewer",
  "sensors.readings": "viewer",
  "sensors.create": "operator",
  "sensors.update": "operator",
  "sensors.setCalibration": "staff",
  "sensors.flagRange": "staff",
  "sensors.removeFlag": "staff",
  "sensors.flagPoints": "staff",
  "sensors.unflagPoints": "staff",
  "jobs.list": "staff",
  "jobs.kinds": "staff",
  "jobs.get": "staff",
  "jobs.create": "operator",
  "jobs.update": "operator",
  "jobs.setEnabled": "operator",
  "jobs.delete": "operator",
  "jobs.runNow": "operator",
  "jobs.exportConfig": "staff", // the same file `npm run jobs -- export` prints; staff read every definition anyway
  "jobs.previewConfig": "operator",
  "jobs.applyConfig": "operator",
  // A definition's event and HTTP triggers (the Triggers panel on /jobs/[id]): staff read, OPERATOR and ADMIN manage.
  "triggers.events": "staff",
  "triggers.list": "staff",
  "triggers.firings": "staff",
  "triggers.create": "operator",
  "triggers.update": "operator",
  "triggers.setEnabled": "operator",
  "triggers.delete": "operator",
  "triggers.rotateToken": "operator",
  // Workflows (dependencies between definitions): staff read, OPERATOR and ADMIN edit the graph, ENGINEER and ADMIN retry a node (like a rerun).
  "workflows.dependencies": "staff",
  "workflows.setDependencies": "operator",
  "workflows.list": "staff",
  "workflows.get": "staff",
  "workflows.retryNode": "engineer",
  "runs.list": "staff",
  "runs.get": "staff",
  "runs.cancel": "engineer",
  "runs.rerun": "engineer",
  "deadLetters.list": "staff",
  "deadLetters.groups": "staff",
  "deadLetters.replay": "engineer",
  "deadLetters.discard": "engineer",
  "queues.list": "staff",
  "queues.setPaused": "operator",
  "ingestSources.list": "admin",
  "ingestSources.create": "admin",
  "ingestSources.revoke": "admin",
  "imports.list": "staff",
  "imports.sources": "staff",
  "imports.preview": "staff",
  "imports.create": "staff",
  "qc.config": "viewer",
  "qc.autoFlags": "viewer",
  "qc.setQuantityConfig": "staff",
  "qc.setPointConfig": "staff",
  "qc.clearPointConfig": "staff",
  "qc.setOverride": "staff",
  "qc.removeOverride": "staff",
  "qc.reevaluate": "staff",
  "qc.rules": "viewer",
  "qc.previewRule": "staff",
  "qc.saveRule": "staff",
  "qc.deleteRule": "staff",
  "stations.list": "viewer",
  "stations.get": "viewer",
  "stations.recovery": "viewer",
  "stations.create": "operator",
  "stations.createLogger": "operator",
  "stations.previewFile": "staff",
  "stations.importFile": "staff",
  "stations.decideColumns": "staff",
  "stations.replaceConflicts": "staff",
  "stations.setPointConfig": "staff",
  "stations.exportTask43": "viewer",
  "stations.importTask43": "operator",
  "reports.overview": "viewer",
  "reports.series": "viewer",
  "reports.table": "viewer",
  "reports.compare": "viewer",
  "exports.list": "viewer",
  "exports.request": "viewer",
  "exports.listStation": "viewer",
  "exports.requestStation": "viewer",
  // Added at the merge of the coverage and notify branches, as their builders say (README has no roles for them yet).
  "coverage.overview": "viewer",
  "coverage.sensor": "viewer",
  "coverage.backfills": "staff",
  "coverage.dryRun": "staff",
  "coverage.request": "staff",
  "coverage.confirm": "staff",
  "coverage.cancel": "staff",
  "notifications.channels": "staff",
  "notifications.createChannel": "operator",
  "notifications.deleteChannel": "operator",
  "notifications.sendTest": "operator",
  "notifications.deliveries": "staff",
  "notifications.routes": "staff",
  "notifications.saveRoute": "operator",
  "notifications.deleteRoute": "operator",
  "notifications.routeMatches": "staff",
  "notifications.dryRun": "staff",
  "notifications.silences": "staff",
  "notifications.createSilence": "staff",
  "notifications.silenceIncident": "staff",
  "notifications.silenced": "viewer",
  "notifications.expireSilence": "staff",
  // The Overview: every role; the per-worker fleet detail only for staff (stakeholders get counts).
  "overview.get": "viewer",
  // The command palette: sensors, stations, incidents for all; jobs, runs, dead letters only for staff (in the service).
  "search.query": "viewer",
};

/**
 * How each route handler file (app/**\/route.ts) decides, per HTTP method:
 * a role group (session cookie), "public", "ingest-token" (a source's write token),
 * "metrics-token" (METRICS_TOKEN when set; required in production), "ack-token" (a signed
 * acknowledgement link from a notification), "trigger-token" (an HTTP trigger's own bearer token)
 * or "trpc" (per procedure, above).
 */
export type RouteAccess = RoleGroup | "public" | "ingest-token" | "metrics-token" | "ack-token" | "trigger-token" | "trpc";

export const routeAccess: Record<string, Partial<Record<"GET" | "POST" | "PUT" | "PATCH" | "DELETE", RouteAccess>>> = {
  "app/api/trpc/[trpc]/route.ts": { GET: "trpc", POST: "trpc" },
  "app/api/health/route.ts": { GET: "public" },
  "app/api/health/live/route.ts": { GET: "public" }, // load balancers' liveness check: the process answers, nothing probed
  "app/api/metrics/route.ts": { GET: "metrics-token" },
  "app/api/audit/export/route.ts": { GET: "admin" },
  "app/api/reports/export/route.ts": { GET: "viewer" },
  "app/api/alerts/export/route.ts": { GET: "viewer" },
  "app/api/runs/export/route.ts": { GET: "staff" },
  "app/api/dead-letters/export/route.ts": { GET: "staff" },
  "app/api/sensors/export/route.ts": { GET: "viewer" },
  "app/api/exports/[id]/route.ts": { GET: "viewer" }, // and only the requester's own export (or an admin), readings or station
  "app/api/v2/write/route.ts": { POST: "ingest-token" },
  "app/write/route.ts": { POST: "ingest-token" },
  "app/query/route.ts": { GET: "ingest-token", POST: "ingest-token" }, // CREATE DATABASE / SHOW DATABASES no-ops only
  "app/ping/route.ts": { GET: "public" }, // InfluxDB clients' liveness probe: 204, no data
  "app/health/route.ts": { GET: "public" }, // InfluxDB 2.x-style health: a fixed "pass", no data
  "app/api/notifications/ack/route.ts": { GET: "ack-token", POST: "ack-token" }, // GET only shows the button
  // Logger file upload and its status: a staff session, or an ingest source's token (a source sees only its own imports)
  "app/api/imports/route.ts": { POST: "staff" },
  "app/api/imports/[id]/route.ts": { GET: "staff" },
  "app/api/imports/[id]/file/route.ts": { GET: "staff" }, // the original file, while the logger_files class keeps it
  // An external scheduler starts a job through its HTTP trigger: the trigger's token, no session
  "app/api/triggers/[id]/fire/route.ts": { POST: "trigger-token" },
};

/** Live topics (socket.io) and who may subscribe. */
export const topicAccessTable: Record<string, RoleGroup> = {
  workers: "staff",
  telemetry: "staff",
  queues: "staff",
  runs: "staff",
  alerts: "viewer",
};
