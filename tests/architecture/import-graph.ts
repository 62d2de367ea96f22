import fs from "node:fs";
import path from "node:path";
import ts from "typescript";

const root = path.resolve(__dirname, "..", "..");
const SOURCE = /\.(ts|tsx)$/;
const SKIP_DIRS = new Set(["node_modules", "generated", ".next", ".data"]);

/** Every source file (tests excluded: they may reach across layers to set up what they check) under the given top folders. */
export function sourceFiles(tops: string[]): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (SKIP_DIRS.has(entry.name)) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (SOURCE.test(entry.name) && !/\.(test|spec)\.tsx?$/.test(entry.name)) files.push(path.relative(root, full));
    }
  };
  for (const top of tops) if (fs.existsSync(path.join(root, top))) walk(path.join(root, top));
  return files.sort();
}

function resolveImport(fromFile: string, spec: string): string | null {
  let base: string;
  if (spec.startsWith("@/")) base = spec.slice(2);
  else if (spec.startsWith(".")) base = path.join(path.dirname(fromFile), spec);
  else return null; // a package
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, "index.ts"), path.join(base, "index.tsx")]) {
    const full = path.join(root, candidate);
    if (fs.existsSync(full) && fs.statSync(full).isFile()) return path.normalize(candidate);
  }
  // A folder that exists but holds generated code (server/db/generated) still belongs to its folder.
  return path.normalize(base);
}

/**
 * The unit a file belongs to for layering: a folder under server/ (server/jobs), a file directly in
 * server/ (server/db, server/env), or the top folder elsewhere (app, components, worker, tests, bench).
 */
export function unitOf(file: string): string {
  const parts = file.split(path.sep);
  if (parts[0] === "server") return parts.length > 2 ? `server/${parts[1]}` : `server/${parts[1].replace(SOURCE, "")}`;
  return parts[0];
}

/** Imports between units (type-only imports count too: they are still a dependency). */
export function unitGraph(tops: string[]): Map<string, Map<string, string[]>> {
  const graph = new Map<string, Map<string, string[]>>();
  for (const file of sourceFiles(tops)) {
    const from = unitOf(file);
    const edges = graph.get(from) ?? new Map<string, string[]>();
    graph.set(from, edges);
    const info = ts.preProcessFile(fs.readFileSync(path.join(root, file), "utf8"), true, true);
    for (const ref of info.importedFiles) {
      const target = resolveImport(file, ref.fileName);
      if (!target) continue;
      const to = unitOf(target);
      if (to === from) continue;
      edges.set(to, [...(edges.get(to) ?? []), `${file} → ${ref.fileName}`]);
    }
  }
  return graph;
}

/** Strongly connected groups of more than one unit: each is at least one import cycle between folders. */
export function folderCycles(graph: Map<string, Map<string, string[]>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  let next = 0;
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v)?.keys() ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1) groups.push(group.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return groups;
}

/** Elementary cycles between units (each once, as the list of units it passes), up to a cap. */
export function elementaryCycles(graph: Map<string, Map<string, string[]>>, cap = 10_000): string[][] {
  const nodes = [...graph.keys()].sort();
  const order = new Map(nodes.map((n, i) => [n, i]));
  const cycles: string[][] = [];
  for (const start of nodes) {
    const path: string[] = [start];
    const onPath = new Set([start]);
    const walk = (v: string) => {
      for (const w of graph.get(v)?.keys() ?? []) {
        if (cycles.length >= cap) return;
        if (w === start) cycles.push([...path]);
        // Only through units after the start, so each cycle is found once (from its smallest unit).
        else if (!onPath.has(w) && (order.get(w) ?? -1) > order.get(start)!) {
          path.push(w);
          onPath.add(w);
          walk(w);
          onPath.delete(w);
          path.pop();
        }
      }
    };
    walk(start);
  }
  return cycles;
}
