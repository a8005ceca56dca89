import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { finishRun, getRun, lastRunPerStage, markDeadRunsInterrupted, startRun } from "./runs.js";
import { useTempStore } from "../testing/index.js";

const tempStore = useTempStore();
const at = (iso: string) => () => new Date(iso);

describe("run log", () => {
  it("records start, end, status, counters and error", async () => {
    const store = await tempStore();
    const id = await startRun(store.db, "crawl", at("2026-01-31T16:00:00Z"));
    expect((await getRun(store.db, id))?.status).toBe("running");
    await finishRun(
      store.db,
      id,
      { status: "failed", counters: { fetched: 3, failed: 1 }, error: "robots.txt unreachable" },
      at("2026-01-31T16:05:00Z"),
    );
    expect(await getRun(store.db, id)).toMatchObject({
      stage: "crawl",
      startedAt: "2026-01-31T16:00:00.000Z",
      endedAt: "2026-01-31T16:05:00.000Z",
      status: "failed",
      counters: { fetched: 3, failed: 1 },
      error: "robots.txt unreachable",
      pid: process.pid,
    });
  });

  it("keeps a stage's summary as it is: strings, booleans and null beside the numbers", async () => {
    const store = await tempStore();
    const id = await startRun(store.db, "publish");
    const counters = { written: 2, indexPath: "/srv/out/index.html", openDataRebuilt: false, year: null };
    await finishRun(store.db, id, { status: "ok", counters });
    expect((await getRun(store.db, id))?.counters).toEqual(counters);
  });

  it("lastRunPerStage gives the newest run of every stage", async () => {
    const store = await tempStore();
    const a = await startRun(store.db, "crawl");
    await finishRun(store.db, a, { status: "ok" });
    const b = await startRun(store.db, "crawl");
    const c = await startRun(store.db, "extract");
    expect((await lastRunPerStage(store.db)).map((r) => [r.stage, r.id])).toEqual([
      ["crawl", b],
      ["extract", c],
    ]);
  });

  it("runs whose process died are marked interrupted; live ones are left alone", async () => {
    const store = await tempStore();
    const live = await startRun(store.db, "crawl");
    const dead = await startRun(store.db, "extract");
    const deadPid = Number(
      spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]).stdout,
    );
    await store.db.updateTable("runs").set({ pid: deadPid }).where("id", "=", dead).execute();
    expect(await markDeadRunsInterrupted(store.db)).toBe(1);
    expect((await getRun(store.db, live))?.status).toBe("running");
    expect(await getRun(store.db, dead)).toMatchObject({
      status: "interrupted",
      error: "the process ended before the run finished",
    });
  });
});
