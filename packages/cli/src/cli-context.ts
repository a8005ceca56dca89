import type { CommandIO } from "./io.js";
import type { Settings } from "./settings.js";
import type { GlobalOptions } from "./stage-run.js";

/** What every command is registered with: where it writes, the global options, the settings. */
export interface CliContext {
  io: CommandIO;
  /** The global options as parsed (read when the command runs, after commander has seen them). */
  globals: () => GlobalOptions;
  /** Every TOUMING_* variable, read once; a command refuses a bad one it uses. */
  settings: Settings;
}
