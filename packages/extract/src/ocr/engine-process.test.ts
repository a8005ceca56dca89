import { execFileSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { DocumentTooLargeError } from "../errors.js";
import { fixture } from "../testing/fixtures.js";
import { type EngineSpec, StreamingEngine } from "./engine-process.js";
import { OcrUnavailableError } from "./ocr-errors.js";

const ARGS = ["-l", "chi_sim", "--psm", "6", "--dpi", "150"];
const spec = (more: Partial<EngineSpec> = {}): EngineSpec => ({
  command: "tesseract",
  args: ARGS,
  env: { OMP_THREAD_LIMIT: "1" },
  missing: "tesseract is not installed",
  modelMissing: "the OCR model is missing",
  maxOutputBytes: 1 << 20,
  tooMuch: "too many words",
  ...more,
});

/** The page rows of a TSV (level, page left out: a one-shot run's page is always 1). */
const rowsOf = (tsv: string) =>
  tsv
    .split("\n")
    .filter((row) => /^\d\t/.test(row))
    .map((row) =>
      row
        .split("\t")
        .filter((_, i) => i !== 1)
        .join("\t"),
    );

describe("a Tesseract kept running (stream_filelist)", () => {
  // Two grey images cut from the corpus report's first page: its title, and a paragraph.
  let title: Buffer;
  let body: Buffer;
  beforeAll(() => {
    const pdf = fixture("pdf/huaian-city-2024.pdf");
    const cut = (y: number, h: number) =>
      execFileSync(
        "pdftoppm",
        [
          "-r",
          "150",
          "-gray",
          "-f",
          "1",
          "-l",
          "1",
          "-x",
          "0",
          "-y",
          String(y),
          "-W",
          "1240",
          "-H",
          String(h),
          "-",
        ],
        {
          input: pdf,
        },
      );
    title = cut(300, 150);
    body = cut(550, 380);
  });

  it("reads image after image in one process, each as a one-shot run reads it", async () => {
    const engine = new StreamingEngine(spec());
    const first = await engine.read(title);
    const pid = engine.processId;
    const [second, third] = await Promise.all([engine.read(body), engine.read(title)]);
    expect(engine.processId).toBe(pid);
    const once = (image: Buffer) =>
      execFileSync("tesseract", ["-", "-", ...ARGS, "tsv"], {
        input: image,
        stdio: ["pipe", "pipe", "ignore"],
      }).toString();
    expect(rowsOf(first)).toEqual(rowsOf(once(title)));
    expect(rowsOf(second)).toEqual(rowsOf(once(body)));
    expect(third).toBe(first);
    // An image in pieces (a PGM's header, its pixels: not copied into one buffer) reads the same.
    expect(await engine.read([title.subarray(0, 20), title.subarray(20)])).toBe(first);
    expect(first).toMatch(/淮安/);
    engine.stop();
  });

  it("stops when idle and starts again when given an image", async () => {
    const engine = new StreamingEngine(spec({ idleMs: 20 }));
    await engine.read(title);
    expect(engine.processId).toBeGreaterThan(0);
    await sleep(300);
    expect(engine.processId).toBeUndefined();
    expect(await engine.read(title)).toMatch(/淮安/);
    engine.stop();
  });

  it("by default outlasts the seconds between a page's uses of one engine: the same process reads the next page", async () => {
    // At 3 s idle, every engine but the page pass's was started again (its model loaded again) at every page.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      const engine = new StreamingEngine(spec());
      await engine.read(title);
      const pid = engine.processId;
      vi.advanceTimersByTime(10_000);
      expect(engine.processId).toBe(pid);
      expect(await engine.read(body)).toMatch(/\S/);
      expect(engine.processId).toBe(pid);
      vi.advanceTimersByTime(60_000);
      expect(engine.processId).toBeUndefined();
    } finally {
      vi.useRealTimers();
    }
  });

  it("stops at the signal: the image is given up, the next is read by a new process", async () => {
    const engine = new StreamingEngine(spec());
    await engine.read(title);
    const pid = engine.processId;
    const controller = new AbortController();
    const reading = engine.read(body, controller.signal);
    controller.abort(new Error("time is up"));
    await expect(reading).rejects.toThrow("time is up");
    expect(await engine.read(title)).toMatch(/淮安/);
    expect(engine.processId).not.toBe(pid);
    engine.stop();
  });

  it("gives up an image aborted while waiting its turn at once", async () => {
    const engine = new StreamingEngine(spec());
    const first = engine.read(body);
    const controller = new AbortController();
    const waiting = engine.read(title, controller.signal);
    controller.abort(new Error("not needed"));
    await expect(waiting).rejects.toThrow("not needed");
    expect(await first).toMatch(/\t/);
    engine.stop();
  });

  it("an image it cannot read fails with the engine's last words; the next is read", async () => {
    const engine = new StreamingEngine(spec());
    await expect(engine.read(Buffer.from("not an image"))).rejects.toThrow(/^the OCR engine failed: /);
    expect(await engine.read(title)).toMatch(/淮安/);
    engine.stop();
  });

  it("too much output is a too-large document; a missing program or model says what to install", async () => {
    const small = new StreamingEngine(spec({ maxOutputBytes: 200 }));
    await expect(small.read(body)).rejects.toBeInstanceOf(DocumentTooLargeError);
    const missing = new StreamingEngine(spec({ command: "tesseract-not-here" }));
    await expect(missing.read(title)).rejects.toEqual(new OcrUnavailableError("tesseract is not installed"));
    const model = new StreamingEngine(spec({ args: ["-l", "xx_not_a_model", "--psm", "6"] }));
    await expect(model.read(title)).rejects.toEqual(new OcrUnavailableError("the OCR model is missing"));
  });

  it("leaves no image files behind", async () => {
    const folders = () => readdirSync(tmpdir()).filter((n) => n.startsWith(`touming-ocr-${process.pid}-`));
    const before = folders();
    const engine = new StreamingEngine(spec({ idleMs: 10 }));
    await engine.read(title);
    const [folder] = folders().filter((n) => !before.includes(n));
    expect(readdirSync(path.join(tmpdir(), folder!))).toEqual(["sentinel.pgm"]);
    await sleep(300);
    expect(existsSync(path.join(tmpdir(), folder!))).toBe(false);
  });
});
