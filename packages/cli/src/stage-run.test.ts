import { acquireStageLock, getRun, lastRunPerStage, openStore } from "@touming/store";
import { describe, expect, it } from "vitest";
import type { CommandIO } from "./io.js";
import { runStage } from "./stage-run.js";
import { useCli } from "./test-support.js";

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

describe("runStage", () => {
  it("refuses a second instance of an exclusive stage and records the refusal", async () => {
    const d = dir();
    const store = await openStore({ dataDir: d });
    await acquireStageLock(store.db, "crawl", {
      holder: { pid: process.ppid, host: (await import("node:os")).hostname(), token: "pid-x" },
    });
    const { io } = bufferIO();
    await expect(
      runStage({ dataDir: d }, io, "crawl", { exclusive: true }, async () => "ran"),
    ).rejects.toThrow(new RegExp(`^crawl is already running \\(pid ${process.ppid} on `));
    const [run] = await lastRunPerStage(store.db);
    expect(run).toMatchObject({ stage: "crawl", status: "failed" });
    expect(run?.error).toMatch(/^crawl is already running/);
    await store.close();
  });

  it("records counters and releases the lock after success", async () => {
    const d = dir();
    const { io } = bufferIO();
    const runId = await runStage({ dataDir: d }, io, "extract", { exclusive: true }, async (ctx) => {
      ctx.counters.documents = 7;
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
    const runId = await runStage({ dataDir: d }, io, "extract", { exclusive: true }, async (ctx) => {
      process.emit("SIGTERM");
      expect(ctx.signal.aborted).toBe(true);
      return ctx.runId;
    });
    const store = await openStore({ dataDir: d });
    expect(await getRun(store.db, runId)).toMatchObject({
      status: "interrupted",
      error: "stopped by a signal",
    });
    await store.close();
  });
});

describe("logger output", () => {
  it("writes progress as a redrawn line with rate on a terminal, JSON lines elsewhere", async () => {
    const d = dir();
    const tty = bufferIO(true);
    await runStage({ dataDir: d }, tty.io, "extract", { exclusive: false }, async ({ log }) => {
      log.progress(1, 4);
      log.info("document failed", { url: "http://a/1" });
    });
    expect(tty.out.stderr).toContain("\r\x1b[2Kextract 1/4 (");
    expect(tty.out.stderr).toContain("extract: document failed url=http://a/1\n");

    const pipe = bufferIO(false);
    await runStage({ dataDir: d }, pipe.io, "extract", { exclusive: false }, async ({ log }) => {
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
