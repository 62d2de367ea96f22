import type { z } from "zod";
import { roleAllows, type Role } from "../auth/roles";
import type { Db } from "../db";
import { listRuns } from "../runs/list-runs";
import { consoleSearchInput } from "./schemas";

export type SearchKind = "sensor" | "station" | "incident" | "job" | "run" | "dead-letter";

export interface SearchHit {
  kind: SearchKind;
  id: string;
  title: string;
  detail: string;
  href: string;
}

/** Prisma's `contains` passes % and _ through to LIKE: escape them (and the escape character) so they match literally. */
const contains = (q: string) => ({ contains: q.replace(/[\\%_]/g, (c) => `\\${c}`), mode: "insensitive" as const });

/**
 * The command palette's search: sensors, stations and incidents for everyone; job definitions, runs
 * (by id, name or parameter text, on the trigram indexes) and dead letters for staff only. Each kind
 * is bounded by `limit`; every value is bound as a parameter (no text reaches SQL or a regex).
 */
export async function searchConsole(db: Db, role: Role, options: z.input<typeof consoleSearchInput>): Promise<SearchHit[]> {
  const { q, limit } = consoleSearchInput.parse(options);
  const staff = roleAllows("staff", role);
  const [sensors, stations, incidents, jobs, runs, deadLetters] = await Promise.all([
    db.sensor.findMany({
      where: { OR: [{ key: contains(q) }, { name: contains(q) }, { site: contains(q) }] },
      orderBy: { key: "asc" },
      take: limit,
      select: { key: true, name: true, region: true, infraType: true },
    }),
    db.station.findMany({
      where: { OR: [{ name: contains(q) }, { slug: contains(q) }, { id: q }] },
      orderBy: { name: "asc" },
      take: limit,
      select: { id: true, name: true, region: true, type: true },
    }),
    db.alertIncident.findMany({
      where: { OR: [{ id: q }, { sensorKey: contains(q) }] },
      orderBy: { lastSeenAt: "desc" },
      take: limit,
      select: { id: true, sensorKey: true, severity: true, status: true },
    }),
    staff
      ? db.jobDefinition.findMany({
          where: { OR: [{ id: q }, { name: contains(q) }, { kind: contains(q) }] },
          orderBy: { name: "asc" },
          take: limit,
          select: { id: true, name: true, kind: true },
        })
      : [],
    staff && q.length >= 3 ? listRuns(db, { search: q, limit }).then((r) => r.runs) : [],
    staff
      ? db.deadLetter.findMany({
          where: { OR: [{ id: q }, { runId: q }, { jobName: contains(q) }, { errorGroup: contains(q) }] },
          orderBy: { createdAt: "desc" },
          take: limit,
          select: { id: true, jobName: true, kind: true, errorGroup: true, discardedAt: true, replayRunId: true },
        })
      : [],
  ]);
  return [
    ...sensors.map((s) => ({
      kind: "sensor" as const,
      id: s.key,
      title: s.key,
      detail: `${s.name} · ${s.infraType} · ${s.region}`,
      href: `/sensors/${encodeURIComponent(s.key)}`,
    })),
    ...stations.map((s) => ({
      kind: "station" as const,
      id: s.id,
      title: s.name,
      detail: `${s.type} · ${s.region}`,
      href: `/stations/${encodeURIComponent(s.id)}`,
    })),
    ...incidents.map((i) => ({
      kind: "incident" as const,
      id: i.id,
      title: `${i.severity} incident on ${i.sensorKey}`,
      detail: i.status,
      href: `/sensors/${encodeURIComponent(i.sensorKey)}`,
    })),
    ...jobs.map((j) => ({ kind: "job" as const, id: j.id, title: j.name, detail: j.kind, href: `/jobs/${encodeURIComponent(j.id)}` })),
    ...runs.map((r) => ({
      kind: "run" as const,
      id: r.id,
      title: `${r.jobName ?? r.kind} run ${r.id}`,
      detail: `${r.status} · queued ${r.queuedAt.toISOString().slice(0, 16).replace("T", " ")} UTC`,
      href: `/runs/${encodeURIComponent(r.id)}`,
    })),
    ...deadLetters.map((d) => ({
      kind: "dead-letter" as const,
      id: d.id,
      title: `Dead letter: ${d.jobName ?? d.kind}`,
      detail: `${d.errorGroup} · ${d.replayRunId ? "replayed" : d.discardedAt ? "discarded" : "waiting"}`,
      href: `/dead-letters?letter=${encodeURIComponent(d.id)}`,
    })),
  ];
}
