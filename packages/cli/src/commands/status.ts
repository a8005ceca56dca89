import type { Command } from "commander";
import { scheduleOf } from "../settings.js";
import { formatTable } from "../table.js";
import type { CliContext } from "../cli-context.js";

const tally = (counts: Record<string, number>) =>
  Object.entries(counts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([state, n]) => `${state} ${n}`)
    .join(", ") || "none";

export function registerStatus(program: Command, { io, globals, settings }: CliContext): void {
  program
    .command("status")
    .description("show the last run of each stage and what the store holds")
    .option("--json", "print JSON instead of text")
    .action(async (options: { json?: boolean }) => {
      const { lastRunPerStage, storeStatus } = await import("@touming/store");
      const { runCommand } = await import("../stage-run.js");
      const { nextRun } = await import("../schedule/scheduler.js");
      await runCommand(globals(), io, "status", { locks: [] }, async ({ store, runId }) => {
        const counts = await storeStatus(store.db);
        // Several machines: jobs that failed their last attempt, with their error.
        const workers = store.dialect.name === "postgres" ? await import("@touming/workers") : null;
        const dead = workers ? await workers.deadLetters(store.db) : null;
        // Jobs queued or running, per stage: what the workers have still to do.
        const jobs = workers ? await workers.unsettledJobs(store.db) : null;
        const runs = (await lastRunPerStage(store.db)).filter((r) => r.id !== runId && r.stage !== "status");
        let schedule: { job: string; expression: string; timezone: string; next: string | null }[] | string;
        try {
          const config = scheduleOf(settings);
          schedule = (["nightly", "publish"] as const).map((job) => ({
            job,
            expression: config[job],
            timezone: config.timezone,
            next: nextRun(config[job], config.timezone, io.now())?.toISOString() ?? null,
          }));
        } catch (error) {
          schedule = (error as Error).message;
        }
        if (options.json) {
          io.stdout.write(
            JSON.stringify(
              {
                database: store.location,
                ...counts,
                ...(jobs ? { jobs } : {}),
                ...(dead ? { deadLetters: dead } : {}),
                lastRuns: runs,
              },
              null,
              2,
            ) + "\n",
          );
          return;
        }
        const out: string[] = [];
        out.push(`database   ${store.location}`);
        out.push(`agencies   ${counts.agencies}`);
        out.push(
          `documents  ${counts.documents.total} (fetch: ${tally(counts.documents.byFetchState)}; extraction: ${tally(counts.documents.byExtractionState)})`,
        );
        out.push(`messages   ${tally(counts.outbox)} (touming deliver)`);
        if (counts.failedMessages.length > 0) {
          out.push("failed messages (the SMTP reply; a changed result queues a new message)");
          for (const m of counts.failedMessages)
            out.push(
              `  #${m.id} ${m.at} ${m.recipient}  ${m.subject}  after ${m.attempts} attempt(s): ${m.reply}`,
            );
        }
        if (jobs)
          out.push(
            `jobs       ${workers!.describeUnsettled(jobs) || "none queued or running"} (touming worker)`,
          );
        if (dead) {
          out.push(`dead jobs  ${dead.total} (failed their last attempt; touming worker)`);
          for (const d of dead.latest)
            out.push(`  ${d.failedAt} ${d.queue} ${JSON.stringify(d.data)}: ${d.error}`);
        }
        out.push("");
        out.push("reports per year");
        out.push(
          counts.reportsPerYear.length === 0
            ? "  none yet\n"
            : formatTable(
                ["  year", "reports", "failed checks"],
                counts.reportsPerYear.map((r) => [`  ${r.year}`, String(r.reports), String(r.failedChecks)]),
              ),
        );
        out.push("last runs");
        out.push(
          runs.length === 0
            ? "  none yet\n"
            : formatTable(
                ["  stage", "status", "started", "ended", "counters", "error"],
                runs.map((r) => [
                  `  ${r.stage}`,
                  r.status,
                  r.startedAt,
                  r.endedAt ?? "",
                  Object.entries(r.counters)
                    .map(([k, v]) => `${k}=${v}`)
                    .join(" "),
                  r.error ?? "",
                ]),
              ),
        );
        out.push("schedule (touming schedule)");
        out.push(
          typeof schedule === "string"
            ? `  ${schedule}\n`
            : schedule
                .map((s) => `  ${s.job.padEnd(8)} "${s.expression}" ${s.timezone}  next ${s.next ?? "never"}`)
                .join("\n") + "\n",
        );
        io.stdout.write(out.join("\n"));
      });
    });
}
