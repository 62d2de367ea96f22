import { spawnSync } from "node:child_process";
import { appendFileSync, chownSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { postgresBinDir, postgresUser } from "./postgres";
import { SetupError } from "./common";

export interface ReplicaPair {
  dir: string;
  /** URLs of a database on the primary and the same database on its replica. */
  primaryUrl(database: string): string;
  replicaUrl(database: string): string;
  startPrimary(): void;
  /** pg_ctl stop -m fast: open connections are cut, new ones refused. */
  stopPrimary(): void;
  startReplica(): void;
  stopReplica(): void;
  /** Stops both servers and removes the directory; safe to call more than once. */
  cleanup(): void;
}

/**
 * A private primary (initdb in a temp dir, wal_level=replica, a replication entry in pg_hba) and a streaming
 * replica of it (pg_basebackup -R), on their own ports: for drills and tests, never the machine's server.
 * Run as the postgres user when this process is root (initdb refuses root).
 */
export function createReplicaPair(options: { primaryPort: number; replicaPort: number }): ReplicaPair {
  const bin = postgresBinDir();
  if (!bin) throw new SetupError("PostgreSQL's server binaries were not found under /usr/lib/postgresql (apt-get install postgresql).");
  const owner = process.getuid?.() === 0 ? postgresUser() : undefined;
  const dir = mkdtempSync(path.join(os.tmpdir(), "gristmill-replica-"));
  if (owner) chownSync(dir, owner.uid, owner.gid);
  const primaryDir = path.join(dir, "primary");
  const replicaDir = path.join(dir, "replica");
  const exec = (tool: string, args: string[]) => {
    const result = spawnSync(path.join(bin, tool), args, { stdio: ["ignore", "pipe", "pipe"], encoding: "utf8", timeout: 120_000, ...owner });
    if (result.status !== 0)
      throw new SetupError(`${tool} ${args.join(" ")} failed (exit ${result.status}): ${`${result.stderr}${result.stdout}`.trim().slice(-800)}`);
  };
  const serverConf = (port: number) => `\nlisten_addresses = '127.0.0.1'\nport = ${port}\nunix_socket_directories = '${dir}'\n`;
  const start = (dataDir: string, name: string) => exec("pg_ctl", ["-D", dataDir, "-l", path.join(dir, `${name}.log`), "-w", "-t", "60", "start"]);
  const stop = (dataDir: string) => exec("pg_ctl", ["-D", dataDir, "-m", "fast", "-w", "-t", "60", "stop"]);
  const running = { primary: false, replica: false };
  const url = (port: number, database: string) => `postgresql://postgres@127.0.0.1:${port}/${database}`;

  try {
    exec("initdb", ["-D", primaryDir, "-U", "postgres", "--auth=trust", "-E", "UTF8"]);
    appendFileSync(primaryDir + "/postgresql.conf", `${serverConf(options.primaryPort)}wal_level = replica\nmax_wal_senders = 5\n`);
    appendFileSync(primaryDir + "/pg_hba.conf", "\nhost replication all 127.0.0.1/32 trust\n");
    start(primaryDir, "primary");
    running.primary = true;
    exec("pg_basebackup", ["-h", "127.0.0.1", "-p", String(options.primaryPort), "-U", "postgres", "-D", replicaDir, "-R", "-X", "stream"]);
    // Later lines win: the copy of the primary's settings keeps everything but the port.
    appendFileSync(replicaDir + "/postgresql.conf", `${serverConf(options.replicaPort)}hot_standby = on\n`);
    start(replicaDir, "replica");
    running.replica = true;
  } catch (err) {
    if (running.primary) stop(primaryDir);
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }

  return {
    dir,
    primaryUrl: (database) => url(options.primaryPort, database),
    replicaUrl: (database) => url(options.replicaPort, database),
    startPrimary() {
      start(primaryDir, "primary");
      running.primary = true;
    },
    stopPrimary() {
      stop(primaryDir);
      running.primary = false;
    },
    startReplica() {
      start(replicaDir, "replica");
      running.replica = true;
    },
    stopReplica() {
      stop(replicaDir);
      running.replica = false;
    },
    cleanup() {
      for (const [side, dataDir] of [
        ["replica", replicaDir],
        ["primary", primaryDir],
      ] as const) {
        if (!running[side]) continue;
        try {
          stop(dataDir);
        } catch {
          // Already gone (a Ctrl-C reaches the servers too): the directory is removed either way.
        }
        running[side] = false;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
