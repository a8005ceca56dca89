import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach } from "vitest";
import type { CommandIO } from "./io.js";
import { main } from "./program.js";

export interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process against a temp data directory that is removed after the test. */
export function useCli() {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const dir = () => {
    const d = mkdtempSync(path.join(tmpdir(), "touming-cli-"));
    dirs.push(d);
    return d;
  };
  const run = async (
    dataDir: string,
    args: string[],
    options: { isTTY?: boolean } = {},
  ): Promise<Captured> => {
    let stdout = "";
    let stderr = "";
    const io: CommandIO = {
      stdout: { write: (t: string) => (stdout += t) },
      stderr: { write: (t: string) => (stderr += t) },
      isTTY: options.isTTY ?? false,
      now: () => new Date(),
    };
    const code = await main(["--data-dir", dataDir, ...args], io);
    return { code, stdout, stderr };
  };
  return { dir, run };
}
