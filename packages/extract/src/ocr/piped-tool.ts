import { spawn } from "node:child_process";
import { DocumentTooLargeError } from "../errors.js";
import { OcrUnavailableError } from "./ocr-errors.js";

/** How a program that reads stdin and writes stdout is run: what to call it and what to install. */
export interface PipedTool {
  command: string;
  args: readonly string[];
  /** Said when the program is missing: `pdftoppm is not installed (Debian: poppler-utils)`. */
  missing: string;
  env?: Record<string, string>;
  /** Bytes of output past which it is stopped and the input is too large. */
  maxOutputBytes: number;
  /** What too much output means, for the DocumentTooLargeError. */
  tooMuch: string;
}

/** Characters of a program's stderr kept (its last ones). */
export const STDERR_KEPT = 4000;

/** The program's stdout when it exits 0; otherwise its exit code and the last lines it wrote to stderr. */
export type PipedResult = { ok: true; stdout: Buffer } | { ok: false; code: number | null; stderr: string };

/**
 * Runs a program with `input` on its stdin and collects its stdout, killed at `signal` or past
 * `maxOutputBytes`. Rejects with OcrUnavailableError when the program is not installed,
 * DocumentTooLargeError past the output cap, and `signal.reason` when it aborts; a non-zero exit is
 * a result (the caller knows what the program's errors mean).
 */
export function runPiped(tool: PipedTool, input: Uint8Array, signal?: AbortSignal): Promise<PipedResult> {
  signal?.throwIfAborted();
  return new Promise<PipedResult>((resolve, reject) => {
    const child = spawn(tool.command, [...tool.args], {
      stdio: ["pipe", "pipe", "pipe"],
      ...(tool.env ? { env: { ...process.env, ...tool.env } } : {}),
    });
    const out: Buffer[] = [];
    let outBytes = 0;
    let err = "";
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener("abort", onAbort);
      if (child.exitCode === null) child.kill("SIGKILL");
      outcome();
    };
    const onAbort = () => settle(() => reject(signal!.reason));
    signal?.addEventListener("abort", onAbort);
    child.on("error", (error: NodeJS.ErrnoException) =>
      settle(() => reject(error.code === "ENOENT" ? new OcrUnavailableError(tool.missing) : error)),
    );
    child.stdout.on("data", (chunk: Buffer) => {
      outBytes += chunk.length;
      if (outBytes > tool.maxOutputBytes) settle(() => reject(new DocumentTooLargeError(tool.tooMuch)));
      else out.push(chunk);
    });
    // The end of stderr is kept, not its start: a program that warns at length (MuPDF on a damaged
    // file) says what stopped it last, and lastLine must give that.
    child.stderr.on("data", (chunk: Buffer) => {
      err = (err + chunk.toString()).slice(-STDERR_KEPT);
    });
    child.on("close", (code) =>
      settle(() =>
        resolve(code === 0 ? { ok: true, stdout: Buffer.concat(out) } : { ok: false, code, stderr: err }),
      ),
    );
    // A closed stdin (the program ended early) is reported by its exit, not by the write.
    child.stdin.on("error", () => {});
    child.stdin.end(input);
  });
}

/** The last line a program wrote to stderr, or its exit code. */
export const lastLine = (result: { code: number | null; stderr: string }): string =>
  result.stderr.trim().split("\n").at(-1) || `exit ${result.code}`;
