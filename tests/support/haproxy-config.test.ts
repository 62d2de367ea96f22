import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import { createServer, type AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { haproxyConfig, parseHaproxyStats, SERVED_BY_HEADER, STICKY_COOKIE } from "./haproxy-config";
import { until } from "./until";

const root = path.resolve(__dirname, "..", "..");
const example = { bind: "0.0.0.0:3000", statsBind: "127.0.0.1:8404", backends: [1, 2].map((i) => ({ name: `web${i}`, host: "127.0.0.1", port: 3000 + i })) };

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });

/** A stand-in backend: answers its liveness check with `health` and everything else 200 with its name. */
function backend(name: string, health: number) {
  const server = http.createServer((req, res) => res.writeHead(req.url === "/api/health/live" ? health : 200).end(name));
  return new Promise<{ server: http.Server; port: number }>((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve({ server, port: (server.address() as AddressInfo).port })),
  );
}

describe("the HAProxy config", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "gristmill-haproxy-test-"));
  const cleanup: Array<() => void> = [() => rmSync(dir, { recursive: true, force: true })];
  afterAll(() => cleanup.forEach((c) => c()));

  it("is what deploy/haproxy.cfg says, and HAProxy accepts it", () => {
    expect(readFileSync(path.join(root, "deploy", "haproxy.cfg"), "utf8")).toBe(haproxyConfig(example));
    const check = spawnSync("haproxy", ["-c", "-f", path.join(root, "deploy", "haproxy.cfg")], { encoding: "utf8" });
    expect(check.stderr + check.stdout).toContain("Configuration file is valid");
  });

  it("keeps a client on its backend by cookie, names it, and takes out one whose liveness check fails", async () => {
    const healthy = await backend("healthy", 200);
    const sick = await backend("sick", 503);
    cleanup.push(
      () => healthy.server.close(),
      () => sick.server.close(),
    );
    const [lb, stats] = [await freePort(), await freePort()];
    const file = path.join(dir, "haproxy.cfg");
    writeFileSync(
      file,
      haproxyConfig({
        bind: `127.0.0.1:${lb}`,
        statsBind: `127.0.0.1:${stats}`,
        backends: [
          { name: "web1", host: "127.0.0.1", port: healthy.port },
          { name: "web2", host: "127.0.0.1", port: sick.port },
        ],
      }),
    );
    const haproxy: ChildProcess = spawn("haproxy", ["-db", "-f", file], { stdio: "ignore" });
    cleanup.unshift(() => haproxy.kill("SIGKILL"));
    const status = async () => parseHaproxyStats(await (await fetch(`http://127.0.0.1:${stats}/stats;csv`)).text());
    await until(
      "web2 DOWN",
      () =>
        status().then(
          (s) => s.web2 === "DOWN",
          () => false,
        ),
      10_000,
    );
    expect((await status()).web1).toBe("UP");

    // Pinned to the sick one by cookie: it is down, so the request goes to the healthy one, which is pinned from then on.
    const res = await fetch(`http://127.0.0.1:${lb}/`, { headers: { cookie: `${STICKY_COOKIE}=web2` } });
    expect(await res.text()).toBe("healthy");
    expect(res.headers.get(SERVED_BY_HEADER)).toBe("web1");
    expect(res.headers.get("set-cookie")).toMatch(new RegExp(`^${STICKY_COOKIE}=web1;`));
  });
});
