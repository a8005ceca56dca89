import path from "node:path";
import { runWorker } from "@touming/workers";
import { crawlOptions } from "../crawl-options.js";
import { stageSettings } from "../settings.js";
import { queueDatabaseUrl, runCommand } from "../stage-run.js";
import type { CliContext } from "../cli-context.js";

/** `touming worker`: takes jobs until SIGINT/SIGTERM, then lets the jobs under way finish. */
export async function workerCommand(
  { io, globals, settings }: CliContext,
  options: { stages: ("crawl" | "extract" | "render")[]; out: string; concurrency: number },
): Promise<void> {
  const g = globals();
  const databaseUrl = queueDatabaseUrl(g, "touming worker");
  const passed = stageSettings(settings);
  await runCommand(g, io, "worker", { locks: [] }, async (run) => {
    const summary = await runWorker({
      store: run.store,
      databaseUrl,
      stages: options.stages,
      outDir: path.resolve(options.out),
      crawl: crawlOptions({}, passed.contact),
      renderer: { chromium: passed.chromium, concurrency: passed.pdfPages },
      concurrency: options.concurrency,
      clock: () => io.now(),
      log: run.log,
      signal: run.signal,
    });
    for (const [stage, counts] of Object.entries(summary))
      run.record({ done: counts.done, failed: counts.failed }, stage);
    io.stdout.write(
      Object.entries(summary)
        .map(([stage, c]) => `${stage}: ${c.done} job(s) done, ${c.failed} failed`)
        .join("\n") + "\n",
    );
  });
}
