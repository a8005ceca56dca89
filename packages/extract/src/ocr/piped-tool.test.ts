import { describe, expect, it } from "vitest";
import { DocumentTooLargeError } from "../errors.js";
import { OcrUnavailableError } from "./ocr-errors.js";
import { lastLine, runPiped } from "./piped-tool.js";

const tool = (command: string, args: string[], maxOutputBytes = 1000) => ({
  command,
  args,
  missing: `${command} is not installed`,
  maxOutputBytes,
  tooMuch: "too much output",
});

describe("a program run with its input on stdin", () => {
  it("gives its stdout", async () => {
    const result = await runPiped(tool("cat", []), new TextEncoder().encode("本年新收 3001"));
    expect(result.ok && result.stdout.toString()).toBe("本年新收 3001");
  });

  it("gives a failing exit with its last line of stderr", async () => {
    const result = await runPiped(
      tool("sh", ["-c", "echo first >&2; echo 'no such page' >&2; exit 3"]),
      new Uint8Array(),
    );
    expect(result).toMatchObject({ ok: false, code: 3 });
    expect(!result.ok && lastLine(result)).toBe("no such page");
  });

  it("keeps the end of a long stderr: the last line is the one that says why it stopped", async () => {
    const result = await runPiped(
      tool("sh", [
        "-c",
        "i=0; while [ $i -lt 500 ]; do echo 'warning: repairing' >&2; i=$((i+1)); done; echo 'error: out of memory' >&2; exit 1",
      ]),
      new Uint8Array(),
    );
    expect(!result.ok && lastLine(result)).toBe("error: out of memory");
    expect(!result.ok && result.stderr.length).toBeLessThanOrEqual(4000);
  });

  it("says what to install when the program is missing, stops past its output cap, and at abort", async () => {
    await expect(runPiped(tool("no-such-ocr-tool", []), new Uint8Array())).rejects.toBeInstanceOf(
      OcrUnavailableError,
    );
    await expect(runPiped(tool("cat", [], 10), new Uint8Array(100))).rejects.toBeInstanceOf(
      DocumentTooLargeError,
    );
    const stop = new AbortController();
    const running = runPiped(tool("sleep", ["5"]), new Uint8Array(), stop.signal);
    stop.abort(new Error("budget spent"));
    await expect(running).rejects.toThrow("budget spent");
  });
});
