import { createRequire } from "node:module";
import path from "node:path";
import { Command, CommanderError } from "commander";
import type { CliContext } from "./cli-context.js";
import { registerAgencies } from "./commands/agencies.js";
import { registerCrawl } from "./commands/crawl.js";
import { registerDeliver } from "./commands/deliver.js";
import { registerExtract } from "./commands/extract.js";
import { registerGradePublish } from "./commands/grade-publish.js";
import { registerPipeline } from "./commands/pipeline.js";
import { registerReview } from "./commands/review/register-review.js";
import { registerSchedule } from "./commands/schedule.js";
import { registerServe } from "./commands/serve.js";
import { StoppedBySignal } from "./stopped-by-signal.js";
import { registerMigrate } from "./commands/migrate.js";
import { registerStatus } from "./commands/status.js";
import { registerWorker } from "./commands/worker.js";
import { type CommandIO, processIO } from "./io.js";
import { readSettings } from "./settings.js";
import type { GlobalOptions } from "./stage-run.js";

/**
 * Every sub-command, in the order `touming --help` lists them. Each module only defines its
 * command (name, arguments, options, description) and imports the packages its action uses with
 * `await import()` when it runs, so `--help` or `extract FILE` loads only what it needs.
 */
const COMMANDS: readonly ((program: Command, cli: CliContext) => void)[] = [
  registerMigrate,
  registerAgencies,
  registerCrawl,
  registerExtract,
  registerGradePublish,
  registerDeliver,
  registerReview,
  registerPipeline,
  registerSchedule,
  registerWorker,
  registerStatus,
  registerServe,
];

const { version } = createRequire(import.meta.url)("../package.json") as { version: string };

export function createProgram(io: CommandIO): Command {
  const program = new Command("touming")
    .description("Touming (透明): finds, reads and grades government information disclosure annual reports")
    .version(`touming ${version} (node ${process.version})`, "-V, --version")
    .option("--data-dir <dir>", "directory for the database and the raw documents", "./data")
    .option("--db <file>", "database file (default <data-dir>/touming.db)")
    .option(
      "--database-url <url>",
      "a PostgreSQL database (postgres://…) instead of the SQLite file (default $TOUMING_DATABASE_URL)",
    )
    .showHelpAfterError("(touming --help lists the commands and options)")
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .exitOverride();
  // Every TOUMING_* variable, read once; each command refuses a bad one it uses.
  const settings = readSettings(io.env ?? process.env);
  const globals = (): GlobalOptions => ({ ...program.opts<GlobalOptions>(), settings });
  const cli = { io, globals, settings };
  for (const register of COMMANDS) register(program, cli);
  return program;
}

/** Runs the CLI; returns the exit code. Failures print `touming: <reason>` on one line. */
export async function main(argv: readonly string[], io: CommandIO = processIO): Promise<number> {
  const program = createProgram(io);
  try {
    await program.parseAsync(argv, { from: "user" });
    return 0;
  } catch (error) {
    if (error instanceof StoppedBySignal) {
      io.stderr.write(`touming: ${error.message}\n`);
      return error.exitCode;
    }
    if (error instanceof CommanderError) {
      // Help and version are not failures; usage errors were printed by commander already.
      return error.exitCode;
    }
    // Loaded only on a failure: it imports the store, which `--help` and `extract FILE` never open.
    const { failureReason } = await import("./failure-reason.js");
    const { dataDir, db, databaseUrl } = program.opts<GlobalOptions>();
    const postgres = Boolean(databaseUrl ?? (io.env ?? process.env).TOUMING_DATABASE_URL);
    const store = {
      dataDir: path.resolve(dataDir),
      dbFile: postgres ? null : path.resolve(db ?? path.join(dataDir, "touming.db")),
    };
    io.stderr.write(`touming: ${failureReason(error, store)}\n`);
    return 1;
  }
}
