import { z } from "zod";
// The product's catalog first: its kinds are registered, then these are added beside them.
import "../../server/catalog/job-kinds";
import { defineKind, type JobKind } from "../../server/runs/job-kind";
import { registerJobKinds } from "../../server/runs/job-kind-registry";
import { sharedRedis } from "../../server/redis";

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      reject(new Error("aborted"));
    });
  });

/**
 * Job kinds for tests, benchmarks and drills only: never in the product's catalog. Importing this
 * file registers them (vitest's setup file, and the worker and web entries in this folder, do).
 */
export const testJobKinds = {
  noop: defineKind({
    title: "No-op",
    description: "Does nothing; for tests and benchmarks.",
    params: z.object({}).strict(),
    async run() {
      return { ok: true };
    },
  }),
  sleep: defineKind({
    title: "Sleep",
    description: "Waits a given time; for tests of timeouts and shutdown.",
    params: z.object({ ms: z.number().int().min(0).max(3_600_000) }).strict(),
    async run(params, ctx) {
      ctx.log.info("sleeping", { ms: params.ms });
      await sleep(params.ms, ctx.signal);
      ctx.log.info("woke up");
      return { sleptMs: params.ms };
    },
  }),
  "sleep-heavy": defineKind({
    title: "Sleep (heavy lane)",
    description: "Waits a given time on the heavy lane; for tests of lane isolation.",
    params: z.object({ ms: z.number().int().min(0).max(3_600_000) }).strict(),
    lane: "heavy",
    async run(params, ctx) {
      await sleep(params.ms, ctx.signal);
      return { sleptMs: params.ms };
    },
  }),
  "fail-n-times": defineKind({
    title: "Fail N times",
    description: "Fails its first N attempts, then succeeds; for tests of retries and the dead-letter queue.",
    params: z.object({ failures: z.number().int().min(0).max(100), message: z.string().max(200).default("planned failure") }).strict(),
    async run(params, ctx) {
      if (ctx.attempt <= params.failures) throw new Error(`${params.message} (attempt ${ctx.attempt} of ${params.failures} planned failures)`);
      ctx.log.info("succeeded after planned failures", { attempt: ctx.attempt });
      return { attempt: ctx.attempt };
    },
  }),
  "fail-while-flagged": defineKind({
    title: "Fail while flagged",
    description: "Fails while the Redis key test:flag:<flag> exists, then succeeds; for tests that fix a cause between a failure and its retry.",
    params: z.object({ flag: z.string().min(1).max(100) }).strict(),
    async run(params) {
      if (await sharedRedis().exists(`test:flag:${params.flag}`)) throw new Error(`flag ${params.flag} is set`);
      return { ok: true };
    },
  }),
} satisfies Record<string, JobKind>;

registerJobKinds(testJobKinds);
