import { crawlStage } from "@touming/crawler";
import { extractStage } from "@touming/extract/stage";
import { gradeStage, loadRubric } from "@touming/grade";
import { publishStage } from "@touming/publish";
import { lastSuccessfulRun, openStore } from "@touming/store";
import type { Coordinator } from "@touming/workers";
import { crawlOptions } from "../crawl-options.js";
import { type PublishCommandOptions, publishOptions } from "../publish-options.js";
import { type JobName, nextRun, startScheduler } from "../schedule/scheduler.js";
import { deliverSettings, scheduleOf, stageSettings } from "../settings.js";
import { runDeliver } from "./deliver-run.js";
import { crawlAndExtractOnWorkers, withCoordinator } from "./on-workers.js";
import { type RunContext, queueDatabaseUrl, runCommand, runStageIn, storeOptionsOf } from "../stage-run.js";
import type { CliContext } from "../cli-context.js";

/**
 * What `touming schedule` runs: the nightly and publish jobs on their cron schedules until SIGINT
 * or SIGTERM. Loaded with `await import()` when the command runs.
 */

const STAGE_OF: Record<JobName, string> = { nightly: "nightly", publish: "scheduled-publish" };

/** Runs the two jobs on their schedules until stopped; prints when each runs next. */
export async function scheduleCommand(
  { io, globals, settings }: CliContext,
  options: PublishCommandOptions & { rubric?: string; viaWorkers?: boolean },
): Promise<void> {
  const config = scheduleOf(settings);
  const passed = stageSettings(settings);
  const mail = deliverSettings(settings);
  const rubric = loadRubric(options.rubric);
  const g = globals();
  const storeOptions = storeOptionsOf(g);
  // --via-workers: the scheduler enqueues, `touming worker` processes crawl, extract and print.
  const databaseUrl = options.viaWorkers ? queueDatabaseUrl(g, "touming schedule --via-workers") : null;
  const onWorkers = databaseUrl !== null;
  const coordinated = <T>(run: RunContext, work: (c: Coordinator | null) => Promise<T>) =>
    databaseUrl ? withCoordinator(run, databaseUrl, work) : work(null);
  const jobs: Record<JobName, () => Promise<void>> = {
    nightly: () =>
      runCommand(g, io, STAGE_OF.nightly, { locks: ["crawl", "extract", "grade"], onWorkers }, (run) =>
        coordinated(run, async (coordinator) => {
          if (coordinator) {
            await crawlAndExtractOnWorkers(run, coordinator);
          } else {
            await runStageIn(run, crawlStage, crawlOptions({}, passed.contact));
            await runStageIn(run, extractStage, { workers: passed.workers });
          }
          await runStageIn(run, gradeStage, { rubric });
        }),
      ),
    // Publishing, then delivering what became due or changed (when there is a server to send through).
    publish: () =>
      runCommand(g, io, STAGE_OF.publish, { locks: ["publish", "deliver"], onWorkers }, async (run) => {
        await coordinated(run, (coordinator) =>
          runStageIn(run, publishStage, {
            ...publishOptions(rubric, options, passed, io.now()),
            ...(coordinator ? { pdfPrinter: coordinator.pdfPrinter } : {}),
          }),
        );
        if (mail.smtpUrl) await runDeliver(run, { out: options.out }, mail);
        else run.log.info("not delivering by e-mail: TOUMING_SMTP_URL is not set");
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
}
