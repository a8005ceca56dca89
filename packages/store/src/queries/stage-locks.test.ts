import { spawnSync } from "node:child_process";
import { hostname } from "node:os";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { StageLockedError } from "../errors.js";
import type { Store } from "../open-store.js";
import { type ProcessIdentity, currentProcess } from "../process-identity.js";
import { startRun } from "./runs.js";
import { acquireStageLock } from "./stage-locks.js";
import { openStoreAgain, testDialect, useTempStore } from "../testing/index.js";

const tempStore = useTempStore();

/** The row a holder that died without releasing leaves behind (its session, on PostgreSQL, is gone). */
async function leftBehind(store: Store, stage: string, holder: ProcessIdentity): Promise<void> {
  await store.db
    .insertInto("stage_locks")
    .values({
      stage,
      run_id: null,
      pid: holder.pid,
      host: holder.host,
      process_token: holder.token,
      acquired_at: "2026-11-01T00:00:00.000Z",
    })
    .execute();
}

/** Waits until the only sessions on the store's database are its own pool's. */
async function waitForSessionsToEnd(store: Store): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const { rows } = await sql<{
      n: number;
    }>`select count(*)::int as n from pg_locks where locktype = 'advisory'
      and database = (select oid from pg_database where datname = current_database())`.execute(store.db);
    if (rows[0]!.n === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], {
    encoding: "utf8",
  });
  return Number(child.stdout);
}

describe("stage locks", () => {
  it("a second holder of the same stage is refused with who holds it", async () => {
    const store = await tempStore();
    const lock = await acquireStageLock(store, "crawl");
    const other = { ...currentProcess(), pid: process.ppid };
    const refusal = acquireStageLock(store, "crawl", { holder: other });
    await expect(refusal).rejects.toBeInstanceOf(StageLockedError);
    await expect(refusal).rejects.toThrow(
      new RegExp(`^crawl is already running \\(pid ${process.pid} on ${hostname()} since `),
    );
    // Other stages are independent.
    const extract = await acquireStageLock(store, "extract", { holder: other });
    await extract.release();
    await lock.release();
    const again = await acquireStageLock(store, "crawl", { holder: other });
    await again.release();
  });

  it("names the command and run holding the lock when a run took it", async () => {
    const store = await tempStore();
    const runId = await startRun(store.db, "run");
    const other = { ...currentProcess(), pid: process.ppid };
    const lock = await acquireStageLock(store, "crawl", { runId });
    const refusal = acquireStageLock(store, "crawl", { holder: other });
    await expect(refusal).rejects.toMatchObject({
      holder: { pid: process.pid, host: hostname(), run: { id: runId, command: "run" } },
    });
    await expect(refusal).rejects.toThrow(
      new RegExp(
        `^crawl is already running in "run" \\(run #${runId}, pid ${process.pid} on ${hostname()} since \\d{4}-[^)]+\\); wait for it to finish or stop that process$`,
      ),
    );
    await lock.release();
  });

  it("a lock left by a dead process is stale and taken over", async () => {
    const store = await tempStore();
    const ghost = { pid: deadPid(), host: hostname(), token: "12345" };
    await leftBehind(store, "publish", ghost);
    const lock = await acquireStageLock(store, "publish");
    const row = await store.db.selectFrom("stage_locks").selectAll().executeTakeFirstOrThrow();
    expect(row.pid).toBe(process.pid);
    await lock.release();
    expect(await store.db.selectFrom("stage_locks").selectAll().execute()).toEqual([]);
  });

  it("a live pid with another start time (the pid was reused) does not hold the lock", async () => {
    const store = await tempStore();
    const me = currentProcess();
    await leftBehind(store, "grade", { ...me, token: "1" });
    const lock = await acquireStageLock(store, "grade");
    expect(
      (await store.db.selectFrom("stage_locks").selectAll().executeTakeFirstOrThrow()).process_token,
    ).toBe(me.token);
    await lock.release();
  });

  // SQLite cannot check a pid on another machine; PostgreSQL knows by the holder's session.
  it.skipIf(testDialect() !== "sqlite")("a holder on another host is presumed alive", async () => {
    const store = await tempStore();
    await acquireStageLock(store, "crawl", { holder: { pid: 1, host: "elsewhere.example", token: "1" } });
    await expect(acquireStageLock(store, "crawl")).rejects.toThrow(/pid 1 on elsewhere\.example/);
  });

  it.skipIf(testDialect() !== "postgres")(
    "PostgreSQL: a holder on another machine holds it while its session lives, and not a moment after",
    async () => {
      const store = await tempStore();
      // Another machine: another process's pool on the same database, so another session.
      const elsewhere = await openStoreAgain(store);
      const remote = { pid: 1, host: "elsewhere.example", token: "1" };
      await acquireStageLock(elsewhere, "crawl", { holder: remote });
      await expect(acquireStageLock(store, "crawl")).rejects.toThrow(/pid 1 on elsewhere\.example/);
      await elsewhere.close(); // the machine is lost: its sessions end
      await waitForSessionsToEnd(store);
      const lock = await acquireStageLock(store, "crawl");
      expect((await store.db.selectFrom("stage_locks").selectAll().executeTakeFirstOrThrow()).pid).toBe(
        process.pid,
      );
      await lock.release();
    },
  );
});
