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
import type { CliContext } from "../cli-context.js";
import type { DeliverCommandOptions } from "./deliver.js";
import { generationDate } from "../publish-options.js";
import { type DeliverSettings, SETTINGS, deliverSettings } from "../settings.js";
import { type RunContext, runCommand, runStageIn } from "../stage-run.js";

/**
 * What `touming deliver` runs, and the delivery `touming run`, `demo` and `schedule` share. Loaded
 * with `await import()` by the commands that deliver: it imports @touming/deliver (nodemailer).
 */

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

/** `touming deliver`: refuses a missing server before the store is opened, then delivers and prints. */
export async function deliverCommand(
  { io, globals, settings }: CliContext,
  given: DeliverCommandOptions,
): Promise<void> {
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
}
