import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readdirSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DocumentTooLargeError } from "../errors.js";
import { OcrUnavailableError } from "./ocr-errors.js";
import { STDERR_KEPT, lastLine } from "./piped-tool.js";

/** How one kind of reading is run: the program, its arguments, and what its failures mean. */
export interface EngineSpec {
  command: string;
  /** Arguments before the output format; the engine's input is the stream of file names. */
  args: readonly string[];
  env?: Record<string, string>;
  /** Said when the program is missing: `tesseract is not installed (Debian: …)`. */
  missing: string;
  /** Said when the program cannot load its model (`Failed loading language`). */
  modelMissing: string;
  /** Bytes of output for one image past which it is stopped and the image is too large. */
  maxOutputBytes: number;
  /** What too much output means, for the DocumentTooLargeError. */
  tooMuch: string;
  /** Milliseconds idle after which the process is stopped (IDLE_MS). */
  idleMs?: number;
}

/**
 * An engine with nothing to read for this long is stopped (its model's memory given back). Long
 * enough to outlast a page: each engine is used once or twice a page, several seconds apart, and at
 * 3 s every engine but the page pass's was started again (its model loaded again) at every page.
 */
const IDLE_MS = 30_000;
/** A white image, read in a moment: its page row in the output says the image before it is done. */
const SENTINEL = Buffer.concat([Buffer.from("P5\n8 8\n255\n", "latin1"), Buffer.alloc(64, 255)]);

interface Job {
  /** The image file's bytes, in pieces (a header and its pixels). */
  image: readonly Uint8Array[];
  signal: AbortSignal | undefined;
  resolve: (tsv: string) => void;
  reject: (error: unknown) => void;
}

/** The running program and its files: the image being read, the sentinel, the output so far. */
interface Running {
  child: ChildProcessWithoutNullStreams;
  dir: string;
  sentinel: string;
  /** Images (the sentinels included) given to this process: the next image's page number is this + 1. */
  pages: number;
  stderr: string;
  /** The job being read: its page number and file, the output lines of its page so far. */
  job: Reading | null;
}

interface Reading {
  job: Job;
  page: number;
  file: string;
  lines: string[];
  /** Bytes of output so far (UTF-8). */
  bytes: number;
  /** The last output line, not ended yet. */
  partial: string;
  onAbort: () => void;
}

/** A reading ended, either way: no longer listening for its abort, its image file removed. */
function ended(reading: Reading): Job {
  reading.job.signal?.removeEventListener("abort", reading.onAbort);
  rmSync(reading.file, { force: true });
  return reading.job;
}

const live = new Set<Running>();
/** Whether an engine was started in this program (stale folders cleared, the exit hook set). */
let startedOnce = false;

/** An engine's folder of images: its program's process id in the name, to tell a stale one. */
const DIR_PREFIX = "touming-ocr-";
const DIR_OF_PROCESS = /^touming-ocr-(\d+)-/;

/**
 * Folders left by programs that ended without cleaning up (killed, or a worker thread stopped before
 * its exit hook): removed when this program starts its first engine.
 */
function removeStaleFolders(): void {
  let names: string[];
  try {
    names = readdirSync(tmpdir());
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(DIR_OF_PROCESS.exec(name)?.[1]);
    if (!pid || pid === process.pid) continue;
    try {
      process.kill(pid, 0);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ESRCH")
        rmSync(path.join(tmpdir(), name), { recursive: true, force: true });
    }
  }
}

/**
 * One Tesseract kept running to read image after image (`-c stream_filelist=1`: it reads image file
 * names from stdin, a line each, and writes each page's TSV as soon as it is read), so its model is
 * loaded once, not for every strip of every page (chi_sim takes 0.15 s to load, several times a
 * page). After each image a tiny white sentinel image is given: its page row in the output says the
 * image before it is read completely. Images are read one at a time, in order; a failure, an abort or
 * too much output stops the process (the next image starts another). Stopped when idle for IDLE_MS;
 * an idle engine never keeps the program alive.
 */
export class StreamingEngine {
  private running: Running | null = null;
  private readonly queue: Job[] = [];
  private idleTimer: NodeJS.Timeout | null = null;

  constructor(private readonly spec: EngineSpec) {}

  /** The running process's id; undefined while none runs. */
  get processId(): number | undefined {
    return this.running?.child.pid;
  }

  /**
   * The TSV of one image (a file the engine reads: TIFF, PGM, PNG; whole or in pieces) as a run for
   * it alone gives, its header row left out.
   */
  read(image: Uint8Array | readonly Uint8Array[], signal?: AbortSignal): Promise<string> {
    signal?.throwIfAborted();
    const pieces = image instanceof Uint8Array ? [image] : image;
    return new Promise<string>((resolve, reject) => {
      const job: Job = { image: pieces, signal, resolve, reject };
      // Aborted while waiting its turn: given up at once, not when its turn comes.
      signal?.addEventListener(
        "abort",
        () => {
          const waiting = this.queue.indexOf(job);
          if (waiting >= 0) this.queue.splice(waiting, 1)[0]!.reject(signal.reason);
        },
        { once: true },
      );
      this.queue.push(job);
      this.next();
    });
  }

  /** Stops the engine now (its current and queued images fail with `reason`). */
  stop(reason: unknown = new Error("the OCR engine was stopped")): void {
    for (const job of this.queue.splice(0)) job.reject(reason);
    if (this.running) this.fail(this.running, reason);
  }

  private next(): void {
    if (this.running?.job || this.queue.length === 0) return;
    const job = this.queue.shift()!;
    if (job.signal?.aborted) {
      job.reject(job.signal.reason);
      return this.next();
    }
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    let running: Running;
    try {
      running = this.running ?? this.start();
    } catch (error) {
      job.reject(error);
      return this.next();
    }
    const page = running.pages + 1;
    // The engine's image library tells the format by its first bytes, not by the name.
    const file = path.join(running.dir, `${page}.image`);
    try {
      const fd = openSync(file, "w");
      try {
        for (const piece of job.image)
          for (let done = 0; done < piece.length;) done += writeSync(fd, piece, done);
      } finally {
        closeSync(fd);
      }
    } catch (error) {
      rmSync(file, { force: true });
      job.reject(error);
      return this.next();
    }
    running.pages += 2;
    const onAbort = () => {
      if (running.job?.job === job) this.fail(running, job.signal!.reason);
    };
    running.job = { job, page, file, lines: [], bytes: 0, partial: "", onAbort };
    job.signal?.addEventListener("abort", onAbort, { once: true });
    holdOpen(running, true);
    running.child.stdin.write(`${file}\n${running.sentinel}\n`);
  }

  private start(): Running {
    const dir = mkdtempSync(path.join(tmpdir(), `${DIR_PREFIX}${process.pid}-`));
    const sentinel = path.join(dir, "sentinel.pgm");
    writeFileSync(sentinel, SENTINEL);
    const child = spawn(this.spec.command, ["-", "-", ...this.spec.args, "-c", "stream_filelist=1", "tsv"], {
      stdio: ["pipe", "pipe", "pipe"],
      ...(this.spec.env ? { env: { ...process.env, ...this.spec.env } } : {}),
    });
    const running: Running = { child, dir, sentinel, pages: 0, stderr: "", job: null };
    this.running = running;
    live.add(running);
    if (!startedOnce) {
      startedOnce = true;
      removeStaleFolders();
      process.once("exit", () => {
        for (const r of live) rmSync(r.dir, { recursive: true, force: true });
      });
    }
    child.on("error", (error: NodeJS.ErrnoException) =>
      this.fail(running, error.code === "ENOENT" ? new OcrUnavailableError(this.spec.missing) : error),
    );
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => this.output(running, chunk));
    child.stderr.on("data", (chunk: Buffer) => {
      running.stderr = (running.stderr + chunk.toString()).slice(-STDERR_KEPT);
    });
    // A closed stdin (the program ended) is reported by its exit, not by the write.
    child.stdin.on("error", () => {});
    child.on("close", (code) => {
      const { stderr } = running;
      const why = /Failed loading language|Error opening data file/.test(stderr)
        ? new OcrUnavailableError(this.spec.modelMissing)
        : new Error(`the OCR engine failed: ${lastLine({ code, stderr })}`);
      this.fail(running, why);
    });
    return running;
  }

  private output(running: Running, chunk: string): void {
    const current = running.job;
    if (!current) return;
    current.bytes += Buffer.byteLength(chunk);
    if (current.bytes > this.spec.maxOutputBytes) {
      this.fail(running, new DocumentTooLargeError(this.spec.tooMuch));
      return;
    }
    const text = current.partial + chunk;
    const rows = text.split("\n");
    current.partial = rows.pop()!;
    const page = String(current.page);
    const sentinelRow = `1\t${current.page + 1}\t`;
    for (const row of rows) {
      if (row.startsWith(sentinelRow)) {
        running.job = null;
        ended(current).resolve(current.lines.join("\n"));
        this.settled(running);
        return;
      }
      // Its page numbered 1, as a run for this image alone numbers it.
      const [level, number] = row.split("\t", 2);
      if (number === page) current.lines.push(`${level}\t1${row.slice(level!.length + 1 + page.length)}`);
    }
  }

  /** The job done: the next one, or the engine left idle (not holding the program open). */
  private settled(running: Running): void {
    holdOpen(running, false);
    if (this.queue.length > 0) return this.next();
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      if (this.running === running && !running.job) {
        this.running = null;
        // It exits at the end of its input; its close forgets it.
        running.child.stdin.end();
      }
    }, this.spec.idleMs ?? IDLE_MS);
    this.idleTimer.unref();
  }

  /** The process stopped or is to stop: its job fails with `error`; the queue goes on with a new one. */
  private fail(running: Running, error: unknown): void {
    if (this.running === running) this.running = null;
    const current = running.job;
    running.job = null;
    if (running.child.exitCode === null && running.child.signalCode === null) running.child.kill("SIGKILL");
    forget(running);
    if (current) ended(current).reject(error);
    if (this.queue.length > 0) this.next();
  }
}

function forget(running: Running): void {
  if (!live.delete(running)) return;
  rmSync(running.dir, { recursive: true, force: true });
}

/** While an image is read the engine keeps the program alive; idle, it does not. */
function holdOpen(running: Running, hold: boolean): void {
  const handles = [running.child, running.child.stdin, running.child.stdout, running.child.stderr] as Array<{
    ref?: () => void;
    unref?: () => void;
  }>;
  for (const handle of handles) (hold ? handle.ref : handle.unref)?.call(handle);
}
