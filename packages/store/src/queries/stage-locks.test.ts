import { spawnSync } from "node:child_process";
import { hostname } from "node:os";
import { describe, expect, it } from "vitest";
import { StageLockedError } from "../errors.js";
import { currentProcess } from "../process-identity.js";
import { startRun } from "./runs.js";
import { acquireStageLock } from "./stage-locks.js";
import { useTempStore } from "../testing/index.js";

const tempStore = useTempStore();

function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], {
    encoding: "utf8",
  });
  return Number(child.stdout);
}

describe("stage locks", () => {
  it("a second holder of the same stage is refused with who holds it", async () => {
    const store = await tempStore();
    const lock = await acquireStageLock(store.db, "crawl");
    const other = { ...currentProcess(), pid: process.ppid };
    const refusal = acquireStageLock(store.db, "crawl", { holder: other });
    await expect(refusal).rejects.toBeInstanceOf(StageLockedError);
    await expect(refusal).rejects.toThrow(
      new RegExp(`^crawl is already running \\(pid ${process.pid} on ${hostname()} since `),
    );
    // Other stages are independent.
    const extract = await acquireStageLock(store.db, "extract", { holder: other });
    await extract.release();
    await lock.release();
    const again = await acquireStageLock(store.db, "crawl", { holder: other });
    await again.release();
  });

  it("names the command and run holding the lock when a run took it", async () => {
    const store = await tempStore();
    const runId = await startRun(store.db, "run");
    const other = { ...currentProcess(), pid: process.ppid };
    const lock = await acquireStageLock(store.db, "crawl", { runId });
    const refusal = acquireStageLock(store.db, "crawl", { holder: other });
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
    await acquireStageLock(store.db, "publish", { holder: ghost });
    const lock = await acquireStageLock(store.db, "publish");
    const row = await store.db.selectFrom("stage_locks").selectAll().executeTakeFirstOrThrow();
    expect(row.pid).toBe(process.pid);
    await lock.release();
    expect(await store.db.selectFrom("stage_locks").selectAll().execute()).toEqual([]);
  });

  it("a live pid with another start time (the pid was reused) does not hold the lock", async () => {
    const store = await tempStore();
    const me = currentProcess();
    await acquireStageLock(store.db, "grade", { holder: { ...me, token: "1" } });
    const lock = await acquireStageLock(store.db, "grade");
    expect(
      (await store.db.selectFrom("stage_locks").selectAll().executeTakeFirstOrThrow()).process_token,
    ).toBe(me.token);
    await lock.release();
  });

  it("a holder on another host is presumed alive", async () => {
    const store = await tempStore();
    await acquireStageLock(store.db, "crawl", { holder: { pid: 1, host: "elsewhere.example", token: "1" } });
    await expect(acquireStageLock(store.db, "crawl")).rejects.toThrow(/pid 1 on elsewhere\.example/);
  });
});
