import { useTempDirs } from "@touming/testing";
import type { CommandIO } from "../io.js";
import { main } from "../program.js";
import type { Environment } from "../settings.js";

export interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process against a temp data directory that is removed after the test. */
export function useCli() {
  const dir = useTempDirs();
  const run = async (
    dataDir: string,
    args: string[],
    /** `env`: the settings' environment (default this process's). */
    options: { isTTY?: boolean; env?: Environment } = {},
  ): Promise<Captured> => {
    let stdout = "";
    let stderr = "";
    const io: CommandIO = {
      stdout: { write: (t: string) => (stdout += t) },
      stderr: { write: (t: string) => (stderr += t) },
      isTTY: options.isTTY ?? false,
      now: () => new Date(),
      env: options.env ?? process.env,
    };
    const code = await main(["--data-dir", dataDir, ...args], io);
    return { code, stdout, stderr };
  };
  return { dir, run };
}

/**
 * Runs `touming demo --no-pdf --date 2025-06-01` into `<dataDir>/out` on a random block of ports:
 * another test may hold one of a block, so a few blocks are tried. Returns the first run that did
 * not fail for want of ports, and the arguments that ran it (to run it again).
 */
export async function runDemoOnFreePorts(
  run: ReturnType<typeof useCli>["run"],
  dataDir: string,
  out: string,
): Promise<{ first: Captured; args: string[] }> {
  let args: string[] = [];
  let first: Captured = { code: 1, stdout: "", stderr: "" };
  for (let attempt = 0; attempt < 5 && first.code !== 0; attempt++) {
    // Below Linux's ephemeral ports (32768–60999): the other packages' tests, running at the same
    // time, hold thousands of outgoing connections there (a demo at 38458+ met EADDRINUSE).
    const port = String(10000 + Math.floor(Math.random() * 20000));
    args = ["demo", "--out", out, "--no-pdf", "--port", port, "--date", "2025-06-01"];
    first = await run(dataDir, args);
    if (first.code !== 0 && !first.stderr.includes("cannot start the sample sites")) break;
  }
  return { first, args };
}
