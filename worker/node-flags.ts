/**
 * V8 flags a worker process runs with (`npm run worker` spells them out too). A scan holds ~100 MB of
 * detector state while each chunk of readings it reads dies young: with V8's default 16 MB semi-space
 * those readings are promoted and the old generation (the state) is marked again and again. 64 MB
 * halved the garbage collector's share of a 10,000-sensor scan (bench/anomaly-scan.ts --profile).
 */
export const WORKER_NODE_FLAGS = ["--max-semi-space-size=64"];
