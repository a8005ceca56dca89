import { spawn } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { describe, expect, it, vi } from "vitest";
import { startPostgresCluster } from "./postgres-cluster.js";
import { testDialect } from "./postgres-databases.js";

const clusterDirs = () => new Set(readdirSync(tmpdir()).filter((name) => name.startsWith("touming-pg-")));

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.query("select 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

// The cluster does not depend on the store's database: run once, in the SQLite project.
describe.skipIf(testDialect() !== "sqlite")("a throwaway PostgreSQL cluster", () => {
  it("stops and removes its files when the process that started it dies without stopping it", async () => {
    // The owner: a process killed with SIGKILL, as a test runner killed mid-run would be.
    const owner = spawn("sleep", ["600"], { stdio: "ignore" });
    const before = clusterDirs();
    const cluster = await startPostgresCluster({ ownerPid: owner.pid! });
    const [dir] = [...clusterDirs()].filter((name) => !before.has(name));
    expect(dir).toBeDefined();
    expect(await answers(cluster.url)).toBe(true);
    owner.kill("SIGKILL");
    await vi.waitFor(async () => expect(await answers(cluster.url)).toBe(false), {
      timeout: 15_000,
      interval: 200,
    });
    await vi.waitFor(() => expect(existsSync(path.join(tmpdir(), dir!))).toBe(false), {
      timeout: 15_000,
      interval: 200,
    });
    await cluster.stop();
  }, 60_000);

  it("stop() ends the server and its watchdog alike, and removes its files", async () => {
    const before = clusterDirs();
    const cluster = await startPostgresCluster();
    const [dir] = [...clusterDirs()].filter((name) => !before.has(name));
    await cluster.stop();
    expect(await answers(cluster.url)).toBe(false);
    expect(existsSync(path.join(tmpdir(), dir!))).toBe(false);
    // The watchdog ends with the server: no shell loop is left watching it.
    await vi.waitFor(
      () => {
        const watchdogs = readdirSync("/proc")
          .filter((pid) => /^\d+$/.test(pid))
          .filter((pid) => {
            try {
              return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(dir!);
            } catch {
              return false;
            }
          });
        expect(watchdogs).toEqual([]);
      },
      { timeout: 5_000, interval: 200 },
    );
  }, 60_000);
});
