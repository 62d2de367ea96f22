import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { aptInstall, dataDir, isLocalHost, spawnService, step, stopChild, waitFor, which, SetupError, type StartedService } from "./common";

export async function pingInflux(url: string): Promise<boolean> {
  const res = await fetch(new URL("/ping", url), { signal: AbortSignal.timeout(1000) });
  return res.status === 204;
}

/** Writes `<dir>/influxdb.conf` for a server keeping everything under dir, on loopback only; returns the file. */
export function writeInfluxConfig(options: { dir: string; httpPort: number; rpcPort: number }): string {
  const { dir } = options;
  for (const sub of ["meta", "data", "wal"]) mkdirSync(path.join(dir, sub), { recursive: true });
  const configFile = path.join(dir, "influxdb.conf");
  writeFileSync(
    configFile,
    [
      `reporting-enabled = false`,
      `bind-address = "127.0.0.1:${options.rpcPort}"`,
      `[meta]`,
      `  dir = "${path.join(dir, "meta")}"`,
      `[data]`,
      `  dir = "${path.join(dir, "data")}"`,
      `  wal-dir = "${path.join(dir, "wal")}"`,
      `  query-log-enabled = false`,
      `[http]`,
      `  bind-address = "127.0.0.1:${options.httpPort}"`,
      `  log-enabled = false`,
      `[monitor]`,
      `  store-enabled = false`,
      "",
    ].join("\n"),
  );
  return configFile;
}

/** Finds InfluxDB at INFLUX_URL, or installs and starts a local 1.x server with data under .data/influxdb. */
export async function ensureInflux(influxUrl: string): Promise<StartedService | undefined> {
  if (await pingInflux(influxUrl).catch(() => false)) {
    step(`InfluxDB: using ${influxUrl}`);
    return undefined;
  }
  const url = new URL(influxUrl);
  if (!isLocalHost(url.hostname)) throw new SetupError(`InfluxDB is not reachable at INFLUX_URL=${influxUrl}. Start it, or fix INFLUX_URL in .env.`);
  if (!which("influxd")) aptInstall(["influxdb"], "InfluxDB", "INFLUX_URL");

  const port = Number(url.port || 8086);
  const configFile = writeInfluxConfig({ dir: path.join(dataDir, "influxdb"), httpPort: port, rpcPort: port + 2 });
  step(`InfluxDB: starting a local server on port ${port} (data in .data/influxdb)`);
  const child = spawnService("influxdb", "influxd", ["-config", configFile]);
  await waitFor("InfluxDB", () => pingInflux(influxUrl));
  return { name: "influxdb", stop: () => stopChild(child) };
}
