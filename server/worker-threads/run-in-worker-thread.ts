import path from "node:path";
import Piscina from "piscina";

// One pool per process, on globalThis: the custom server and Next's route bundles load separate copies of this module.
const POOL = Symbol.for("gristmill.workerThreadPool");
type Holder = { [POOL]?: Piscina };

function pool(): Piscina {
  const holder = globalThis as Holder;
  return (holder[POOL] ??= new Piscina({
    // Two cores here: one thread parses while the main loop keeps serving.
    minThreads: 0,
    maxThreads: 2,
    idleTimeout: 30_000,
    // Task files are TypeScript in the source tree, loaded the way the processes load theirs.
    execArgv: ["--import", "tsx"],
  }));
}

/**
 * Runs an exported function of a task file (a path from the project root, e.g. server/x/y-task.ts)
 * on a worker thread, so a CPU-heavy step never holds the main event loop. The payload and result
 * are structured-cloned: return plain data, not class instances (errors become results to rethrow).
 */
export async function runInWorkerThread<R>(options: { file: string; name: string; payload: unknown }): Promise<R> {
  return pool().run(options.payload, { filename: path.resolve(process.cwd(), options.file), name: options.name }) as Promise<R>;
}

/** Tasks this process's pool has finished: lets tests see that work really left the main thread. */
export function workerThreadTasksCompleted(): number {
  return (globalThis as Holder)[POOL]?.completed ?? 0;
}
