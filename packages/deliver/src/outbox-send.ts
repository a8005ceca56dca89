import {
  type Clock,
  type OutboxMessage,
  type StoreDb,
  dueMessages,
  getOutboxMessage,
  markFailed,
  markRetry,
  markSending,
  markSent,
  nextRetryAt,
} from "@touming/store";
import { AttachmentChanged, type ComposeContext, composeMessage } from "./compose.js";
import { type MailTransport, SendFailure } from "./transport.js";

/** How temporary failures (4xx, dropped connections) are retried. */
export interface RetryPolicy {
  /** Attempts in all before a message fails. Default 5. */
  attempts: number;
  /** The wait after the first failure, doubled after each. Default 2000 ms. */
  baseDelayMs: number;
  /** A retry due within this long is waited for in this run; a later one is left to the next run. Default 60 000 ms. */
  maxWaitMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 2000, maxWaitMs: 60_000 };

/** What one message came to, as the command prints it. */
export interface MessageOutcome {
  id: number;
  recipient: string;
  subject: string;
  state: "sent" | "failed" | "retrying" | "skipped";
  reply: string;
}

export interface SendContext {
  db: StoreDb;
  transport: MailTransport;
  compose: ComposeContext;
  retry: RetryPolicy;
  clock: Clock;
  signal: AbortSignal;
  warn(message: string, fields?: Record<string, unknown>): void;
  onProgress?(done: number): void;
}

/** The messages a message follows, oldest first: the one it corrects, the one that one corrects, … */
export async function earlierMessages(db: StoreDb, row: OutboxMessage): Promise<OutboxMessage[]> {
  const chain: OutboxMessage[] = [];
  for (let id = row.replaces_id; id !== null && chain.length < 100;) {
    const earlier = await getOutboxMessage(db, id);
    if (!earlier) break;
    chain.unshift(earlier);
    id = earlier.replaces_id;
  }
  return chain;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });

/**
 * Sends every queued message that is due, oldest first: `sending` is committed before the SMTP
 * transaction, `sent` after the server's 250; a 5xx fails the message with the reply, a 4xx or a
 * dropped connection queues it again after a doubling wait (waited for in this run when short).
 */
export async function sendQueued(ctx: SendContext): Promise<MessageOutcome[]> {
  const outcomes = new Map<number, MessageOutcome>();
  const skipped = new Set<number>();
  // Waits are bounded in total too, so a clock that stands still (a test's) cannot hold the run.
  let waited = 0;
  while (!ctx.signal.aborted) {
    const due = (await dueMessages(ctx.db, ctx.clock())).filter((m) => !skipped.has(m.id));
    if (due.length === 0) {
      const next = await nextRetryAt(ctx.db);
      const wait = next ? next.getTime() - ctx.clock().getTime() : Infinity;
      if (wait > ctx.retry.maxWaitMs || waited > ctx.retry.maxWaitMs) break;
      await sleep(Math.max(wait, 1), ctx.signal);
      waited += Math.max(wait, 1);
      continue;
    }
    for (const row of due) {
      if (ctx.signal.aborted) break;
      const outcome = await sendOne(ctx, row);
      if (outcome.state === "skipped") skipped.add(row.id);
      outcomes.set(row.id, outcome);
      ctx.onProgress?.(outcomes.size);
    }
  }
  return [...outcomes.values()];
}

async function sendOne(ctx: SendContext, row: OutboxMessage): Promise<MessageOutcome> {
  const base = { id: row.id, recipient: row.recipient, subject: row.subject };
  let mail;
  try {
    mail = await composeMessage(row, await earlierMessages(ctx.db, row), ctx.compose);
  } catch (error) {
    if (!(error instanceof AttachmentChanged)) throw error;
    ctx.warn("message left queued", { id: row.id, reason: error.message });
    return { ...base, state: "skipped", reply: error.message };
  }
  await markSending(ctx.db, row.id, ctx.clock);
  try {
    const reply = await ctx.transport.send(mail);
    await markSent(ctx.db, row.id, reply, ctx.clock);
    return { ...base, state: "sent", reply };
  } catch (error) {
    const failure =
      error instanceof SendFailure ? error : new SendFailure(String((error as Error).message), false);
    const attempts = row.attempts + 1;
    if (failure.permanent || attempts >= ctx.retry.attempts) {
      const reply = failure.permanent
        ? failure.reply
        : `${failure.reply} (gave up after ${attempts} attempts)`;
      await markFailed(ctx.db, row.id, reply, ctx.clock);
      ctx.warn("message failed", { id: row.id, recipient: row.recipient, reply });
      return { ...base, state: "failed", reply };
    }
    const retryAt = new Date(ctx.clock().getTime() + ctx.retry.baseDelayMs * 2 ** (attempts - 1));
    await markRetry(ctx.db, row.id, failure.reply, retryAt, ctx.clock);
    ctx.warn("message will be retried", {
      id: row.id,
      recipient: row.recipient,
      reply: failure.reply,
      retryAt,
    });
    return { ...base, state: "retrying", reply: failure.reply };
  }
}
