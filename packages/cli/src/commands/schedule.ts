import { loadRubric } from "@touming/publish";
import { lastSuccessfulRun, openStore } from "@touming/store";
import type { Command } from "commander";
import type { CommandIO } from "../io.js";
import { type JobName, nextRun, scheduleFromEnv, startScheduler } from "../schedule/scheduler.js";
import { type GlobalOptions, runStage } from "../stage-run.js";
import { runExtractStage } from "../stages/extract-stage.js";
import { runCrawlStage } from "./crawl.js";
import { runGrade, runPublish } from "./grade-publish.js";

const STAGE_OF: Record<JobName, string> = { nightly: "nightly", publish: "scheduled-publish" };

export function registerSchedule(program: Command, io: CommandIO, globals: () => GlobalOptions): void {
  program
    .command("schedule")
    .description(
      "run nightly (crawl, extract, grade) and publish on cron schedules until stopped (SIGINT/SIGTERM)",
    )
    .option("--out <dir>", "output directory for publishing", "out")
    .option("--no-pdf", "HTML only (no Chromium)")
    .option("--rubric <file>", "a rubric JSON file")
    .action(async (options: { out: string; pdf: boolean; rubric?: string }) => {
      const config = scheduleFromEnv();
      const rubric = loadRubric(options.rubric);
      const g = globals();
      const storeOptions = { dataDir: g.dataDir, ...(g.db ? { dbFile: g.db } : {}) };
      const jobs: Record<JobName, () => Promise<void>> = {
        nightly: () =>
          runStage(g, io, STAGE_OF.nightly, { exclusive: true }, async (ctx) => {
            await runCrawlStage(ctx);
            await runExtractStage(ctx);
            await runGrade(ctx, rubric);
          }),
        publish: () =>
          runStage(g, io, STAGE_OF.publish, { exclusive: true }, async (ctx) => {
            await runPublish(ctx, rubric, { out: options.out, pdf: options.pdf });
          }),
      };
      const lastSuccess = async (job: JobName) => {
        const store = await openStore(storeOptions);
        try {
          const run = await lastSuccessfulRun(store.db, STAGE_OF[job]);
          return run ? new Date(run.startedAt) : null;
        } finally {
          await store.close();
        }
      };
      const log = (line: string) =>
        io.stderr.write(
          io.isTTY
            ? `${line}\n`
            : `${JSON.stringify({ time: io.now().toISOString(), level: "info", stage: "schedule", event: line })}\n`,
        );
      const scheduler = startScheduler(config, jobs, {
        lastSuccess,
        onEvent: (e) => log(`${e.job} ${e.type}${e.error ? `: ${e.error}` : ""}`),
      });
      for (const job of ["nightly", "publish"] as const) {
        io.stdout.write(
          `${job}: "${config[job]}" (${config.timezone}), next ${nextRun(config[job], config.timezone, io.now())?.toISOString() ?? "never"}\n`,
        );
      }
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off("SIGINT", stop);
          process.off("SIGTERM", stop);
          log("stopping: the running stage finishes its current item");
          void scheduler.stop().then(resolve);
        };
        process.on("SIGINT", stop);
        process.on("SIGTERM", stop);
      });
    });
}
