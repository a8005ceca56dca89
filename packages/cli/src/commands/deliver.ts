import path from "node:path";
import {
  type DeliverDetails,
  type DeliverSummary,
  type MailTransport,
  deliverStage,
  emlTransport,
  redactedSmtpUrl,
  smtpTransport,
} from "@touming/deliver";
import type { StageOutcome } from "@touming/store";
import type { Command } from "commander";
import type { CliContext } from "../cli-context.js";
import { generationDate } from "../publish-options.js";
import { type DeliverSettings, SETTINGS, deliverSettings } from "../settings.js";
import { type RunContext, runCommand, runStageIn } from "../stage-run.js";

export interface DeliverCommandOptions {
  out: string;
  year?: number;
  date?: string;
  /** true: `.eml` files under `<data-dir>/mail-dry-run`; a text: under that folder. */
  dryRun?: boolean | string;
  /** The data directory: a dry run's default folder is in it, never in the published `out/`. */
  dataDir?: string;
  /** Queue the failed messages again before sending (once their cause is fixed). */
  retryFailed?: boolean;
}

/** Delivery needs a server unless it only writes `.eml` files. */
export class NoSmtpServer extends Error {
  constructor() {
    super(
      `${SETTINGS.smtpUrl.variable}: expected ${SETTINGS.smtpUrl.expected} to send through (or --dry-run to write .eml files instead)`,
    );
    this.name = "NoSmtpServer";
  }
}

/**
 * Where a dry run writes its messages: the folder given, else `mail-dry-run` in the data directory —
 * not in `out/`, which a server publishes (the messages name their recipients).
 */
export const dryRunDir = (options: DeliverCommandOptions) =>
  typeof options.dryRun === "string"
    ? options.dryRun
    : path.join(options.dataDir ?? path.dirname(path.resolve(options.out)), "mail-dry-run");

/**
 * Runs the deliver stage in a run: SMTP to the configured server (or `smtpUrl`, the demo's sink),
 * trusting `TOUMING_SMTP_CA` when set, `.eml` files for a dry run.
 */
export async function runDeliver(
  run: RunContext,
  options: DeliverCommandOptions,
  settings: DeliverSettings,
): Promise<StageOutcome<DeliverSummary, DeliverDetails>> {
  let transport: MailTransport;
  if (options.dryRun) transport = emlTransport(dryRunDir(options));
  else if (settings.smtpUrl) transport = smtpTransport(settings.smtpUrl, { ca: settings.smtpCa });
  else throw new NoSmtpServer();
  if (settings.smtpUrl && !options.dryRun)
    run.log.info("delivering", {
      smtp: redactedSmtpUrl(settings.smtpUrl),
      ...(settings.smtpCa ? { ca: settings.smtpCa.file } : {}),
    });
  return runStageIn(run, deliverStage, {
    outDir: options.out,
    from: settings.from,
    siteUrl: settings.siteUrl,
    today: generationDate(run.io.now(), options.date),
    transport,
    dryRun: Boolean(options.dryRun),
    ...(options.retryFailed ? { retryFailed: true } : {}),
    ...(options.year !== undefined ? { years: [options.year] } : {}),
  });
}

/** What `deliver` prints: the counts, then one line per message handled. */
export function deliverText({ summary: s, details }: StageOutcome<DeliverSummary, DeliverDetails>): string {
  const lines = [
    `${s.dueScopes} jurisdiction-years due (${s.notDue} before their deadline, ${s.unpublished} not published yet); ` +
      `queued ${s.queued} (${s.corrections} 更正), ${s.dryRun ? "written" : "sent"} ${s.sent}, failed ${s.failed}, ` +
      `retrying later ${s.retrying}${s.recovered ? `, ${s.recovered} interrupted sends retried` : ""}`,
    ...details.messages.map((m) => `  ${m.state.padEnd(8)} ${m.recipient}  ${m.subject}  ${m.reply}`),
  ];
  return `${lines.join("\n")}\n`;
}

const year = (v: string) => {
  const n = Number.parseInt(v, 10);
  if (!/^\d{4}$/.test(v) || n < 2000) throw new Error(`--year: expected a year such as 2024, got "${v}"`);
  return n;
};

export function registerDeliver(program: Command, { io, globals, settings }: CliContext): void {
  program
    .command("deliver")
    .description(
      "e-mail each jurisdiction's results once its deadlines have passed (each message once; a 更正 when results change)",
    )
    .option("--out <dir>", "the published output the attachments are read from", "out")
    .option("--year <year>", "only this report year", year)
    .option("--date <YYYY-MM-DD>", "today, for the deadlines (default: today in Asia/Shanghai)")
    .option(
      "--retry-failed",
      "queue the failed messages again (same Message-ID) once their cause is fixed, then send",
    )
    .option(
      "--dry-run [dir]",
      "write .eml files (default <data-dir>/mail-dry-run) instead of sending; the outbox is left as it is",
    )
    .action(async (given: DeliverCommandOptions) => {
      const options = { ...given, dataDir: globals().dataDir };
      const passed = deliverSettings(settings);
      if (!options.dryRun && !passed.smtpUrl) throw new NoSmtpServer();
      generationDate(io.now(), options.date);
      await runCommand(globals(), io, "deliver", { locks: ["deliver"] }, async (run) => {
        const outcome = await runDeliver(run, options, passed);
        io.stdout.write(deliverText(outcome));
        if (options.dryRun) io.stdout.write(`messages written to ${path.resolve(dryRunDir(options))}\n`);
        const failed = outcome.details.messages.filter((m) => m.state === "failed");
        if (failed.length > 0)
          throw new Error(
            `${failed.length} message(s) failed, the first to ${failed[0]!.recipient}: ${failed[0]!.reply} (touming status lists them)`,
          );
      });
    });
}
