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
