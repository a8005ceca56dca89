import { hostname } from "node:os";
import { acquireStageLock, openStore, startRun } from "@touming/store";
import { describe, expect, it } from "vitest";
import { useCli } from "./testing/in-process-cli.js";

const { dir, run } = useCli();

describe("stage locks by resource", () => {
  it("a run holding crawl refuses touming crawl and touming run, naming it, and lets touming extract run", async () => {
    const d = dir();
    const store = await openStore({ dataDir: d });
    const clock = () => new Date("2026-11-30T01:00:00.000Z");
    const holderRun = await startRun(store.db, "run", clock);
    // A live touming run of another process (this test's parent) in its crawl stage.
    await acquireStageLock(store, "crawl", {
      runId: holderRun,
      clock,
      holder: { pid: process.ppid, host: hostname(), token: "pid-x" },
    });
    const env = { TOUMING_EXTRACT_WORKERS: "0" };
    const line = `touming: crawl is already running in "run" (run #${holderRun}, pid ${process.ppid} on ${hostname()} since 2026-11-30T01:00:00.000Z); wait for it to finish or stop that process\n`;

    expect(await run(d, ["crawl"], { env })).toEqual({ code: 1, stdout: "", stderr: line });
    expect(await run(d, ["run", "--no-pdf"], { env })).toEqual({ code: 1, stdout: "", stderr: line });
    const extracted = await run(d, ["extract"], { env });
    expect(extracted.code).toBe(0);
    expect(extracted.stderr).not.toContain("already running");

    // The refused run took none of its other locks; only the holder's crawl lock is left.
    const locks = await store.db.selectFrom("stage_locks").select(["stage", "run_id"]).execute();
    expect(locks).toEqual([{ stage: "crawl", run_id: holderRun }]);
    const runs = await store.db.selectFrom("runs").select(["stage", "status"]).orderBy("id").execute();
    expect(runs.map((r) => `${r.stage} ${r.status}`)).toEqual([
      "run running",
      "crawl failed",
      "run failed",
      "extract ok",
    ]);
    await store.close();
  });

  it("a command refused one of its locks gives back those it had taken", async () => {
    const d = dir();
    const store = await openStore({ dataDir: d });
    const holderRun = await startRun(store.db, "scheduled-publish");
    await acquireStageLock(store, "publish", {
      runId: holderRun,
      holder: { pid: process.ppid, host: hostname(), token: "pid-x" },
    });
    const refused = await run(d, ["run", "--no-pdf"], { env: { TOUMING_EXTRACT_WORKERS: "0" } });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /^touming: publish is already running in "scheduled-publish" \(run #\d+, pid /,
    );
    const locks = await store.db.selectFrom("stage_locks").select("stage").execute();
    expect(locks).toEqual([{ stage: "publish" }]);
    await store.close();
  });
});
