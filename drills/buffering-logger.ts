import { gaussian, seededRandom } from "../server/anomaly/synthetic-series";

export interface LoggedSensor {
  key: string;
  /** Level the readings vary around. */
  base: number;
}

export interface InjectedSpike {
  sensorKey: string;
  /** Epoch ms, on the logger's 1 s grid. */
  time: number;
  /** Added to the reading at that time. */
  magnitude: number;
}

export interface BufferingLoggerOptions {
  /** Gristmill's console, whose InfluxDB 2.x write API the logger posts to. */
  baseUrl: string;
  token: string;
  sensors: readonly LoggedSensor[];
  spikes: readonly InjectedSpike[];
  /** Readings start after this time (epoch ms). */
  from: number;
  intervalMs?: number;
  noiseSd?: number;
}

export interface LoggerStats {
  readings: number;
  requests: number;
  /** Answers other than 204, by status. */
  refused: Record<number, number>;
  maxBuffered: number;
  buffered: number;
}

const LINES_PER_REQUEST = 5_000;

/** The value a sensor reads at time t: its level, noise, and a spike when one is planned there. */
export function readingLines(
  sensors: readonly LoggedSensor[],
  spikes: ReadonlyMap<string, number>,
  times: readonly number[],
  noise: () => number,
  noiseSd: number,
): string[] {
  const lines: string[] = [];
  for (const t of times) {
    for (const s of sensors) {
      const value = s.base + noise() * noiseSd + (spikes.get(`${s.key}|${t}`) ?? 0);
      lines.push(`reading,sensor=${s.key} value=${value.toFixed(4)} ${t}`);
    }
  }
  return lines;
}

/**
 * A field logger: every interval it takes one reading per sensor and posts what it holds to the
 * write API; a refused batch (503 while InfluxDB is down) stays in its memory and is sent again,
 * with the original timestamps, once the server answers (after its Retry-After), as loggers and
 * Telegraf do.
 */
export function startBufferingLogger(options: BufferingLoggerOptions) {
  const interval = options.intervalMs ?? 1_000;
  const noiseSd = options.noiseSd ?? 0.5;
  const noise = gaussian(seededRandom(20260611));
  const spikes = new Map(options.spikes.map((s) => [`${s.sensorKey}|${s.time}`, s.magnitude]));
  const stats: LoggerStats = { readings: 0, requests: 0, refused: {}, maxBuffered: 0, buffered: 0 };
  let buffer: string[] = [];
  let cursor = Math.floor(options.from / interval) * interval;
  let retryAt = 0;
  let stopped = false;

  const send = async (lines: string[]): Promise<{ ok: boolean; retryAfterMs: number }> => {
    stats.requests++;
    try {
      const res = await fetch(`${options.baseUrl}/api/v2/write?bucket=drill&org=drill&precision=ms`, {
        method: "POST",
        headers: { authorization: `Token ${options.token}`, "content-type": "text/plain" },
        body: lines.join("\n"),
        signal: AbortSignal.timeout(15_000),
      });
      await res.arrayBuffer();
      if (res.status === 204) return { ok: true, retryAfterMs: 0 };
      stats.refused[res.status] = (stats.refused[res.status] ?? 0) + 1;
      return { ok: false, retryAfterMs: Number(res.headers.get("retry-after") ?? 1) * 1000 };
    } catch {
      stats.refused[0] = (stats.refused[0] ?? 0) + 1;
      return { ok: false, retryAfterMs: interval };
    }
  };

  const tick = async () => {
    const now = Date.now();
    const times: number[] = [];
    while (cursor + interval <= now) times.push((cursor += interval));
    const fresh = readingLines(options.sensors, spikes, times, noise, noiseSd);
    stats.readings += fresh.length;
    buffer = buffer.concat(fresh);
    stats.maxBuffered = Math.max(stats.maxBuffered, buffer.length);
    if (now < retryAt) return;
    while (buffer.length > 0) {
      const chunk = buffer.slice(0, LINES_PER_REQUEST);
      const answer = await send(chunk);
      if (!answer.ok) {
        retryAt = Date.now() + answer.retryAfterMs;
        return;
      }
      buffer = buffer.slice(chunk.length);
    }
  };

  const done = (async () => {
    while (!stopped) {
      const started = Date.now();
      await tick();
      stats.buffered = buffer.length;
      await new Promise((r) => setTimeout(r, Math.max(0, interval - (Date.now() - started))));
    }
  })();

  return {
    stats,
    /** Readings taken but not yet accepted by the server. */
    buffered: () => buffer.length,
    /** Stops taking readings; what is still buffered stays unsent. */
    async stop(): Promise<LoggerStats> {
      stopped = true;
      await done;
      stats.buffered = buffer.length;
      return stats;
    },
  };
}
