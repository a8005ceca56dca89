import type { Stage } from "@touming/store";
import { type OutboxMessage, dueMessages, recoverInterruptedSends, requeueFailed } from "@touming/store";
import { type ComposeContext, composeMessage } from "./compose.js";
import { dueStatements } from "./due-statements.js";
import { type PlannedMessage, planMessages, queuePlanned } from "./outbox-plan.js";
import {
  DEFAULT_RETRY,
  type MessageOutcome,
  type RetryPolicy,
  earlierMessages,
  sendQueued,
} from "./outbox-send.js";
import type { MailTransport } from "./transport.js";

export interface DeliverOptions extends ComposeContext {
  /** Today in China (`YYYY-MM-DD`): a jurisdiction-year is delivered once its deadlines are before it. */
  today: string;
  /** Only these report years (default every graded year). */
  years?: readonly number[];
  /** Where messages go: SMTP, or `.eml` files. */
  transport: MailTransport;
  /** Compose and hand to the transport what would be sent, without changing the outbox (`--dry-run`). */
  dryRun?: boolean;
  /** Queue the failed messages again first (the cause was fixed): same Message-ID, attempts afresh. */
  retryFailed?: boolean;
  retry?: Partial<RetryPolicy>;
}

export type DeliverSummary = {
  dueScopes: number;
  notDue: number;
  unpublished: number;
  queued: number;
  corrections: number;
  recovered: number;
  sent: number;
  failed: number;
  retrying: number;
  skipped: number;
  dryRun: boolean;
};

export interface DeliverDetails {
  messages: MessageOutcome[];
}

/** A planned message as an outbox row would hold it, for a dry run that queues nothing. */
const asRow = (p: PlannedMessage, now: Date, id: number): OutboxMessage => ({
  id,
  recipient: p.message.recipient,
  scope_kind: p.message.scopeKind,
  scope_id: p.message.scopeId,
  year: p.message.year,
  content_hash: p.message.contentHash,
  statement: p.message.statement,
  kind: p.message.kind,
  replaces_id: p.message.replacesId,
  message_id: p.message.messageId,
  subject: p.message.subject,
  created_at: now.toISOString(),
  state: "queued",
  attempts: 0,
  interruptions: 0,
  next_attempt_at: null,
  smtp_reply: null,
  sent_at: null,
  updated_at: now.toISOString(),
});

/**
 * Delivery by e-mail: recovers messages a killed process left `sending`, queues what is due (a
 * first message per recipient, jurisdiction and year once its deadlines passed, a 更正 when what
 * it states changed) and sends the queue. A dry run hands every message it would send to the
 * transport (`.eml` files) and leaves the outbox as it was.
 */
export const deliverStage: Stage<DeliverOptions, DeliverSummary, DeliverDetails> = {
  name: "deliver",
  async run(ctx, options) {
    const db = ctx.store.db;
    const retry = { ...DEFAULT_RETRY, ...options.retry };
    const compose = { from: options.from, siteUrl: options.siteUrl, outDir: options.outDir };
    const recovered = options.dryRun
      ? { requeued: 0, failed: 0 }
      : await recoverInterruptedSends(db, ctx.clock);
    if (recovered.requeued + recovered.failed > 0)
      ctx.log?.warn("messages interrupted while sending", { ...recovered });
    const retried = options.retryFailed && !options.dryRun ? await requeueFailed(db, ctx.clock) : 0;
    if (retried > 0) ctx.log?.info("failed messages queued again", { messages: retried });
    const statements = await dueStatements(db, {
      today: options.today,
      ...(options.years ? { years: options.years } : {}),
    });
    const planned = await planMessages(db, statements.due, options.from);
    const summary: DeliverSummary = {
      dueScopes: statements.due.length,
      notDue: statements.notDue,
      unpublished: statements.unpublished,
      queued: planned.length,
      corrections: planned.filter((p) => p.message.kind === "correction").length,
      recovered: recovered.requeued,
      sent: 0,
      failed: recovered.failed,
      retrying: 0,
      skipped: 0,
      dryRun: options.dryRun ?? false,
    };
    let messages: MessageOutcome[];
    try {
      if (options.dryRun) {
        const replaced = new Set(planned.flatMap((p) => (p.replaceId === null ? [] : [p.replaceId])));
        const now = ctx.clock();
        const rows = [
          ...(await dueMessages(db, now)).filter((m) => !replaced.has(m.id)),
          ...planned.map((p, i) => asRow(p, now, -1 - i)),
        ];
        messages = [];
        for (const row of rows) {
          const reply = await options.transport.send(
            await composeMessage(row, await earlierMessages(db, row), compose),
          );
          messages.push({ id: row.id, recipient: row.recipient, subject: row.subject, state: "sent", reply });
          ctx.onProgress?.({ done: messages.length, total: rows.length });
        }
      } else {
        await queuePlanned(db, planned, ctx.clock);
        messages = await sendQueued({
          db,
          transport: options.transport,
          compose,
          retry,
          clock: ctx.clock,
          signal: ctx.signal,
          warn: (message, fields) => ctx.log?.warn(message, fields),
          onProgress: (done) => ctx.onProgress?.({ done, total: null }),
        });
      }
    } finally {
      options.transport.close();
    }
    for (const m of messages) {
      if (m.state === "sent") summary.sent++;
      else if (m.state === "failed") summary.failed++;
      else if (m.state === "retrying") summary.retrying++;
      else summary.skipped++;
    }
    return { summary, details: { messages } };
  },
};
