import { describe, expect, it } from "vitest";
import { jobKinds } from "@/server/catalog/job-kinds";
import { testJobKinds } from "@/tests/support/test-job-kinds";
import { readFileSync } from "node:fs";
import { elementaryCycles, folderCycles, sourceFiles, unitGraph } from "./import-graph";

const graph = unitGraph(["server", "worker", "app", "components"]);
/** The graph among server/ folders and the worker (app/ and components/ are layered by their own rules). */
const serverGraph = new Map(
  [...graph]
    .filter(([u]) => u.startsWith("server/") || u === "worker")
    .map(([u, edges]) => [u, new Map([...edges].filter(([t]) => t.startsWith("server/") || t === "worker"))]),
);
const importsOf = (unit: string) => [...(graph.get(unit)?.keys() ?? [])];
const via = (from: string, to: string) => graph.get(from)?.get(to) ?? [];

/**
 * Cycles outside the job core that issue 19 untangled, each written down so the list can only
 * shrink: fixing one fails this test until its line is removed, and a new cycle fails it at once.
 */
const KNOWN_CYCLES: Record<string, string> = {
  // db.ts's inTransaction opens the audit scope; audit rows name the session's user.
  "server/audit server/auth server/db": "inTransaction lives in db.ts and opens the audit scope",
};

/** Lower layers never import higher ones (queues, readings and db are named in the project's bar). */
const FORBIDDEN: Record<string, string[]> = {
  "server/db": ["server/catalog", "server/api", "server/jobs", "server/runs", "server/queues", "app", "components"],
  "server/readings": ["server/catalog", "server/api", "server/jobs", "server/runs", "server/queues", "app", "components"],
  // The queue layer: priority classes, retry and backoff, lanes, BullMQ options, enqueueing.
  "server/queues": ["server/runs", "server/dead-letters", "server/catalog", "server/jobs", "server/api", "app", "components"],
  // Dead letters are written by the execution layer and replayed through the queue layer.
  "server/dead-letters": ["server/runs", "server/catalog", "server/jobs", "server/api", "app", "components"],
  // The execution layer: the processor, the run recorder, buryRun; it finds kinds in its registry, not the catalog.
  "server/runs": ["server/catalog", "server/jobs", "server/api", "app", "components"],
  // The catalog names kinds and their handlers: above every domain, below definitions and the API.
  "server/catalog": ["server/jobs", "server/api", "app", "components"],
  // The outbox is written from inside domains' transactions, so it sits beside db: it knows no domain.
  "server/domain-events": ["server/triggers", "server/runs", "server/queues", "server/catalog", "server/jobs", "server/api", "app", "components"],
  // Triggers start runs through the queue layer and find kinds in the registry; definitions (jobs files) and the API sit above them.
  "server/triggers": ["server/catalog", "server/jobs", "server/api", "app", "components"],
  // Workflows start nodes through the queue layer and find kinds in the registry; jobs files and the API sit above them.
  "server/workflows": ["server/catalog", "server/jobs", "server/api", "app", "components"],
};

/** Who may import the catalog: the definitions, the API, and the processes' entries. */
const CATALOG_IMPORTERS = new Set(["server/jobs", "server/api", "server/main", "worker"]);

describe("folder layering", () => {
  it("finds a cycle and a back edge when there is one (the check can fail)", () => {
    const g = new Map([
      ["a", new Map([["b", ["a.ts → b"]]])],
      ["b", new Map([["c", ["b.ts → c"]]])],
      ["c", new Map([["a", ["c.ts → a"]]])],
      ["d", new Map([["a", ["d.ts → a"]]])],
    ]);
    expect(folderCycles(g)).toEqual([["a", "b", "c"]]);
    expect(elementaryCycles(g)).toEqual([["a", "b", "c"]]);
  });

  it("has no folder cycle but the known ones outside the job core", () => {
    const cycles = folderCycles(serverGraph).map((group) => group.join(" "));
    const described = cycles.map(
      (c) =>
        `${c}: ${elementaryCycles(
          new Map([...serverGraph].filter(([u]) => c.split(" ").includes(u)).map(([u, e]) => [u, new Map([...e].filter(([t]) => c.split(" ").includes(t)))])),
        )
          .map((cy) => cy.join(" → "))
          .join("; ")}`,
    );
    expect(cycles.sort(), described.join("\n")).toEqual(Object.keys(KNOWN_CYCLES).sort());
  });

  it("keeps the job core (queues, dead-letters, runs, catalog, jobs) out of every cycle", () => {
    const core = ["server/queues", "server/dead-letters", "server/runs", "server/catalog", "server/jobs", "worker"];
    for (const group of folderCycles(serverGraph))
      expect(
        group.filter((u) => core.includes(u)),
        group.join(" "),
      ).toEqual([]);
  });

  it.each(Object.entries(FORBIDDEN))("%s imports no higher layer", (unit, forbidden) => {
    const back = forbidden.filter((f) => importsOf(unit).includes(f));
    expect(back, back.flatMap((f) => via(unit, f)).join("\n")).toEqual([]);
  });

  it("only definitions, the API and the process entries import the catalog", () => {
    const importers = [...graph.keys()].filter((u) => importsOf(u).includes("server/catalog") && !CATALOG_IMPORTERS.has(u));
    expect(importers, importers.flatMap((u) => via(u, "server/catalog")).join("\n")).toEqual([]);
  });

  it("product code never imports tests, benches or drills", () => {
    for (const unit of graph.keys()) {
      const bad = importsOf(unit).filter((u) => ["tests", "bench", "drills", "scripts"].includes(u));
      expect(bad, bad.flatMap((b) => via(unit, b)).join("\n")).toEqual([]);
    }
  });

  it("keeps components presentational: data is fetched in app/, components get it as props", () => {
    // A type from app/ (a hook's status type, say) is fine; a value from it or React Query is fetching.
    const fetching = /^import (?!type\b)[^;]*?from "(@tanstack\/react-query|@\/app\/[^"]*)"/m;
    const offenders = sourceFiles(["components"]).filter((file) => fetching.test(readFileSync(file, "utf8")));
    expect(offenders).toEqual([]);
  });

  it("registers the test kinds outside the product's catalog", () => {
    const testNames = Object.keys(testJobKinds);
    expect(testNames.sort()).toEqual(["fail-n-times", "fail-while-flagged", "noop", "sleep", "sleep-heavy"]);
    expect(Object.keys(jobKinds).filter((k) => testNames.includes(k))).toEqual([]);
  });
});
