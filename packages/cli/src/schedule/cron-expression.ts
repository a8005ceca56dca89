import { createRequire } from "node:module";
import type * as NodeCron from "node-cron";

const require = createRequire(import.meta.url);

/**
 * Whether node-cron accepts an expression: its own check, as the scheduler will read it. node-cron
 * (and the child_process and crypto modules it brings) is loaded here only when a cron setting is
 * set, not whenever the settings are read (every command, `--help` included, reads them).
 */
export function isCronExpression(text: string): boolean {
  const { validate } = require("node-cron") as typeof NodeCron;
  return validate(text);
}
