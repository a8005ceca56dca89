import type { Environment } from "./settings.js";

/** Where a command writes: stdout for its result, stderr for logs and progress. Tests pass buffers. */
export interface CommandIO {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  /** Progress lines on a terminal, one JSON object per event otherwise. */
  isTTY: boolean;
  now(): Date;
  /** Where the settings (`TOUMING_*`) are read from; default `process.env`. */
  env?: Environment;
}

export const processIO: CommandIO = {
  stdout: process.stdout,
  stderr: process.stderr,
  isTTY: Boolean(process.stderr.isTTY),
  now: () => new Date(),
  env: process.env,
};
