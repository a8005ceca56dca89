import {
  type Stage,
  type StageContext,
  acquireStageLock,
  getRun,
  lastRunPerStage,
  openStore,
} from "@touming/store";
import { describe, expect, it } from "vitest";
import type { CommandIO } from "./io.js";
import { runCommand, runStageIn } from "./stage-run.js";
import { useCli } from "./testing/in-process-cli.js";

const { dir } = useCli();

function bufferIO(isTTY = false) {
  const out = { stdout: "", stderr: "" };
  const io: CommandIO = {
    stdout: { write: (t: string) => (out.stdout += t) },
    stderr: { write: (t: string) => (out.stderr += t) },
    isTTY,
    now: () => new Date("2026-02-01T00:00:00Z"),
  };
  return { io, out };
}

describe("runCommand", () => {
  it("refuses a second instance of an exclusive stage and records the refusal", async () => {
    const d = dir();
    const store = await openStore({ dataDir: d });
    await acquireStageLock(store, "crawl", {
      holder: { pid: process.ppid, host: (await import("node:os")).hostname(), token: "pid-x" },
    });
    const { io } = bufferIO();
    await expect(
      runCommand({ dataDir: d }, io, "crawl", { locks: ["crawl"] }, async () => "ran"),
    ).rejects.toThrow(new RegExp(`^crawl is already running \\(pid ${process.ppid} on `));
    const [run] = await lastRunPerStage(store.db);
    expect(run).toMatchObject({ stage: "crawl", status: "failed" });
    expect(run?.error).toMatch(/^crawl is already running/);
    await store.close();
  });

  it("records counters and releases the lock after success", async () => {
    const d = dir();
    const { io } = bufferIO();
    const runId = await runCommand({ dataDir: d }, io, "extract", { locks: ["extract"] }, async (ctx) => {
      ctx.record({ documents: 7 });
      return ctx.runId;
    });
    const store = await openStore({ dataDir: d });
    expect(await getRun(store.db, runId)).toMatchObject({ status: "ok", counters: { documents: 7 } });
    expect(await store.db.selectFrom("stage_locks").selectAll().execute()).toEqual([]);
    await store.close();
  });

  it("marks a stage stopped by a signal as interrupted", async () => {
    const d = dir();
    const { io } = bufferIO();
    let runId = 0;
    const stopped = runCommand({ dataDir: d }, io, "extract", { locks: ["extract"] }, async (ctx) => {
      process.emit("SIGTERM", "SIGTERM");
      expect(ctx.signal.aborted).toBe(true);
      runId = ctx.runId;
    });
    // The command fails with one line and exit code 143, its run recorded as interrupted.
    await expect(stopped).rejects.toThrow(
      "extract stopped by SIGTERM; what it had not finished is picked up by the next run",
    );
    await expect(stopped).rejects.toMatchObject({ exitCode: 143 });
    const store = await openStore({ dataDir: d });
    expect(await getRun(store.db, runId)).toMatchObject({
      status: "interrupted",
      error: "stopped by a signal",
    });
    await store.close();
  });
});

/** A stage that reports its progress, says what it saw of its context, and returns a summary. */
function probeStage(name: string, seen: StageContext[]): Stage<{ n: number }, { done: number; ok: boolean }> {
  return {
    name,
    async run(ctx, { n }) {
      seen.push(ctx);
      for (let done = 1; done <= n; done++) ctx.onProgress?.({ done, total: null, item: `item ${done}` });
      ctx.log?.info("probed", { n });
      return { summary: { done: n, ok: true }, details: undefined };
    },
  };
}

describe("runStageIn", () => {
  it("gives every stage the run's store, clock, signal and run id, and records its summary", async () => {
    const d = dir();
    const { io, out } = bufferIO(true);
    const seen: StageContext[] = [];
    const runId = await runCommand({ dataDir: d }, io, "probe", { locks: [] }, async (run) => {
      const outcome = await runStageIn(run, probeStage("probe", seen), { n: 3 });
      expect(outcome.summary).toEqual({ done: 3, ok: true });
      expect(seen[0]).toMatchObject({ store: run.store, signal: run.signal, runId: run.runId });
      expect(seen[0]!.clock().toISOString()).toBe("2026-02-01T00:00:00.000Z");
      return run.runId;
    });
    // Progress with no known total on a terminal; the line is ended before the next message.
    expect(out.stderr).toContain("\r\x1b[2Kprobe 3/? (");
    expect(out.stderr).toContain("\r\x1b[2Kprobe: probed n=3\n");
    const store = await openStore({ dataDir: d });
    // A run named for its one stage records the summary as it is.
    expect((await getRun(store.db, runId))?.counters).toEqual({ done: 3, ok: true });
    await store.close();
  });

  it("a run of several stages records each summary under its stage's name, so none hides another", async () => {
    const d = dir();
    const { io } = bufferIO();
    const runId = await runCommand(
      { dataDir: d },
      io,
      "run",
      { locks: ["crawl", "extract"] },
      async (run) => {
        await runStageIn(run, probeStage("crawl", []), { n: 2 });
        await runStageIn(run, probeStage("extract", []), { n: 5 });
        return run.runId;
      },
    );
    const store = await openStore({ dataDir: d });
    expect((await getRun(store.db, runId))?.counters).toEqual({
      "crawl.done": 2,
      "crawl.ok": true,
      "extract.done": 5,
      "extract.ok": true,
    });
    await store.close();
  });

  it("a stage that fails leaves the summaries of the stages before it in the run log", async () => {
    const d = dir();
    const { io } = bufferIO();
    const failing: Stage<object, { n: number }> = {
      name: "grade",
      run: async () => {
        throw new Error("the rubric is missing");
      },
    };
    await expect(
      runCommand({ dataDir: d }, io, "nightly", { locks: ["crawl", "extract", "grade"] }, async (run) => {
        await runStageIn(run, probeStage("crawl", []), { n: 1 });
        await runStageIn(run, failing, {});
      }),
    ).rejects.toThrow("the rubric is missing");
    const store = await openStore({ dataDir: d });
    expect((await lastRunPerStage(store.db))[0]).toMatchObject({
      stage: "nightly",
      status: "failed",
      error: "the rubric is missing",
      counters: { "crawl.done": 1, "crawl.ok": true },
    });
    await store.close();
  });
});

describe("logger output", () => {
  it("writes progress as a redrawn line with rate on a terminal, JSON lines elsewhere", async () => {
    const d = dir();
    const tty = bufferIO(true);
    await runCommand({ dataDir: d }, tty.io, "extract", { locks: [] }, async ({ log }) => {
      log.progress(1, 4);
      log.info("document failed", { url: "http://a/1" });
    });
    expect(tty.out.stderr).toContain("\r\x1b[2Kextract 1/4 (");
    expect(tty.out.stderr).toContain("extract: document failed url=http://a/1\n");

    const pipe = bufferIO(false);
    await runCommand({ dataDir: d }, pipe.io, "extract", { locks: [] }, async ({ log }) => {
      log.progress(4, 4);
    });
    expect(JSON.parse(pipe.out.stderr.trim())).toMatchObject({
      time: "2026-02-01T00:00:00.000Z",
      level: "info",
      stage: "extract",
      event: "progress",
      done: 4,
      total: 4,
    });
  });
});
