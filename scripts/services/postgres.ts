import { chownSync, existsSync, mkdirSync, readdirSync } from "node:fs";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { Client } from "pg";
import { aptInstall, dataDir, isLocalHost, spawnService, step, stopChild, waitFor, SetupError, type StartedService } from "./common";

function maintenanceUrl(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  url.pathname = "/postgres";
  return url.toString();
}

async function canConnect(databaseUrl: string): Promise<boolean> {
  const client = new Client({ connectionString: maintenanceUrl(databaseUrl), connectionTimeoutMillis: 1500 });
  try {
    await client.connect();
    return true;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export function postgresBinDir(): string | undefined {
  const base = "/usr/lib/postgresql";
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base)
    .filter((v) => existsSync(path.join(base, v, "bin", "initdb")))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(base, versions[0], "bin") : undefined;
}

export function postgresUser(): { uid: number; gid: number } {
  const id = (flag: string) => Number(spawnSync("id", [flag, "postgres"], { encoding: "utf8" }).stdout.trim());
  return { uid: id("-u"), gid: id("-g") };
}

/** Starts a private cluster under .data/<dirName> (trust auth on loopback only). */
export async function startLocalCluster(databaseUrl: string, dirName = "postgres"): Promise<StartedService> {
  const url = new URL(databaseUrl);
  let bin = postgresBinDir();
  if (!bin) {
    aptInstall(["postgresql"], "PostgreSQL", "DATABASE_URL");
    bin = postgresBinDir();
    // The Debian package may have started its own cluster on this port.
    if (await canConnect(databaseUrl).catch(() => false)) return { name: "postgresql", stop: async () => undefined };
  }
  if (!bin) throw new SetupError("PostgreSQL was installed but initdb was not found under /usr/lib/postgresql.");
  const dir = path.join(dataDir, dirName);
  const socketDir = path.join(dataDir, `${dirName}-run`);
  const asRoot = process.getuid?.() === 0;
  const owner = asRoot ? postgresUser() : undefined;
  mkdirSync(socketDir, { recursive: true });
  if (owner) chownSync(socketDir, owner.uid, owner.gid);
  if (!existsSync(path.join(dir, "PG_VERSION"))) {
    mkdirSync(dir, { recursive: true });
    if (owner) chownSync(dir, owner.uid, owner.gid);
    step(`PostgreSQL: creating a local cluster in .data/${dirName}`);
    const user = decodeURIComponent(url.username || "postgres");
    const init = spawnSync(path.join(bin, "initdb"), ["-D", dir, "-U", user, "--auth=trust", "-E", "UTF8"], { stdio: "ignore", ...owner });
    if (init.status !== 0) throw new SetupError(`initdb failed for .data/postgres (exit ${init.status}).`);
  }
  const port = url.port || "5432";
  step(`PostgreSQL: starting a local server on port ${port}`);
  const child = spawnService(dirName, path.join(bin, "postgres"), ["-D", dir, "-p", port, "-c", "listen_addresses=127.0.0.1", "-k", socketDir], owner);
  await waitFor("PostgreSQL", () => canConnect(databaseUrl));
  return { name: "postgresql", stop: () => stopChild(child) };
}

/** Makes sure DATABASE_URL's server answers (its database is created by the caller). */
export async function ensurePostgres(databaseUrl: string): Promise<StartedService | undefined> {
  let started: StartedService | undefined;
  if (await canConnect(databaseUrl).catch(() => false)) {
    step(`PostgreSQL: using ${new URL(databaseUrl).host}`);
  } else {
    const url = new URL(databaseUrl);
    if (!isLocalHost(url.hostname)) throw new SetupError(`PostgreSQL is not reachable at DATABASE_URL=${databaseUrl}. Start it, or fix DATABASE_URL in .env.`);
    started = await startLocalCluster(databaseUrl);
  }
  return started;
}

export async function createDatabaseIfMissing(databaseUrl: string): Promise<void> {
  const name = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
  const client = new Client({ connectionString: maintenanceUrl(databaseUrl) });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (!rowCount) {
      step(`PostgreSQL: creating database ${name}`);
      await client.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
    }
  } finally {
    await client.end();
  }
}

export async function dropDatabase(databaseUrl: string): Promise<void> {
  const name = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
  const client = new Client({ connectionString: maintenanceUrl(databaseUrl) });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name.replaceAll('"', '""')}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
