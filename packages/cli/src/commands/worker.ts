import type { Command } from "commander";
import { wholeNumber } from "../option-values.js";
import type { CliContext } from "../cli-context.js";

/** The stages `--stages` accepts (the workers package's list; repeated here so `--help` loads nothing). */
const STAGES = ["crawl", "extract", "render"] as const;

function parseStages(text: string): (typeof STAGES)[number][] {
  const stages = text.split(",").map((s) => s.trim());
  const unknown = stages.filter((s) => !(STAGES as readonly string[]).includes(s));
  if (unknown.length > 0 || stages.length === 0)
    throw new Error(`--stages: expected a comma-separated list of ${STAGES.join(", ")}, got "${text}"`);
  return [...new Set(stages)] as (typeof STAGES)[number][];
}

export function registerWorker(program: Command, { io, globals, settings }: CliContext): void {
  program
    .command("worker")
    .description(
      "take crawl, extract and render jobs from the PostgreSQL store's queues until SIGINT/SIGTERM (several machines; needs --database-url)",
    )
    .option("--stages <list>", "the stages to take jobs of: crawl,extract,render", parseStages, [...STAGES])
    .option("--out <dir>", "the output directory every machine shares (render jobs print its pages)", "out")
    .option("--concurrency <n>", "jobs of each stage at once", wholeNumber("--concurrency", 1, 64), 1)
    .action(async (options: { stages: (typeof STAGES)[number][]; out: string; concurrency: number }) => {
      const { workerCommand } = await import("./worker-run.js");
      await workerCommand({ io, globals, settings }, options);
    });
}
