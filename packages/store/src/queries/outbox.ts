import type { Kysely } from "kysely";
import { type Clock, stamp, systemClock } from "../clock.js";
import { decodeJsonColumn } from "../json-columns.js";
import type { Database, OutboxRow, OutboxState } from "../schema.js";

/*
 * The outbox: one row per e-mail message. A message is queued with its Message-ID fixed, marked
 * `sending` in its own committed write before the SMTP transaction starts, and `sent` only after
 * the server's 250. A process killed while sending leaves the row `sending`; the next delivery
 * retries it once with the same Message-ID (a kill right after the 250 thus sends it twice: the
 * documented at-least-once edge). A 4xx or a dropped connection puts it back in the queue with a
 * later `next_attempt_at`; a 5xx fails it with the server's reply, which `touming status` shows.
 */

/** Whom a message is for and what about: a recipient, a jurisdiction (or an agency) and a year. */
export interface OutboxKey {
  recipient: string;
  scopeKind: "jurisdiction" | "agency";
  scopeId: string;
  year: number;
}

/** An outbox row with its statement decoded. */
export type OutboxMessage = Omit<OutboxRow, "statement"> & { statement: Record<string, unknown> };

/** A message to queue. */
export interface NewOutboxMessage extends OutboxKey {
  contentHash: string;
  statement: Record<string, unknown>;
  kind: "first" | "correction";
  replacesId: number | null;
  messageId: string;
  subject: string;
}

const decode = (row: OutboxRow): OutboxMessage => ({
  ...row,
  statement: decodeJsonColumn<Record<string, unknown>>(
    row.statement,
    `outbox (id ${row.id}).statement`,
    "object",
  ),
});

/** The rows of one recipient, scope and year, oldest first. */
export async function outboxHistory(db: Kysely<Database>, key: OutboxKey): Promise<OutboxMessage[]> {
  const rows = await db
    .selectFrom("outbox")
    .selectAll()
    .where("recipient", "=", key.recipient)
    .where("scope_kind", "=", key.scopeKind)
    .where("scope_id", "=", key.scopeId)
    .where("year", "=", key.year)
    .orderBy("id")
    .execute();
  return rows.map(decode);
}

export async function getOutboxMessage(db: Kysely<Database>, id: number): Promise<OutboxMessage | undefined> {
  const row = await db.selectFrom("outbox").selectAll().where("id", "=", id).executeTakeFirst();
  return row && decode(row);
}

/** Queues a message; returns its id. */
export async function queueMessage(
  db: Kysely<Database>,
  message: NewOutboxMessage,
  clock: Clock = systemClock,
): Promise<number> {
  const now = stamp(clock);
  const row = await db
    .insertInto("outbox")
    .values({
      recipient: message.recipient,
      scope_kind: message.scopeKind,
      scope_id: message.scopeId,
      year: message.year,
      content_hash: message.contentHash,
      statement: JSON.stringify(message.statement),
      kind: message.kind,
      replaces_id: message.replacesId,
      message_id: message.messageId,
      subject: message.subject,
      created_at: now,
      state: "queued",
      next_attempt_at: null,
      smtp_reply: null,
      sent_at: null,
      updated_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Replaces the content of a message that was never sent (queued, or failed) with newer content: the
 * recipient never saw the old one, so one message with what holds now is what they get. A new
 * Message-ID goes with the new content.
 */
export async function replaceUnsentMessage(
  db: Kysely<Database>,
  id: number,
  message: Omit<NewOutboxMessage, keyof OutboxKey>,
  clock: Clock = systemClock,
): Promise<void> {
  const now = stamp(clock);
  await db
    .updateTable("outbox")
    .set({
      content_hash: message.contentHash,
      statement: JSON.stringify(message.statement),
      kind: message.kind,
      replaces_id: message.replacesId,
      message_id: message.messageId,
      subject: message.subject,
      created_at: now,
      state: "queued",
      attempts: 0,
      interruptions: 0,
      next_attempt_at: null,
      smtp_reply: null,
      updated_at: now,
    })
    .where("id", "=", id)
    .where("state", "in", ["queued", "failed"])
    .execute();
}

/**
 * Messages a dead process left `sending` (the caller holds the delivery lock, so no live process
 * is sending them): queued again with the same Message-ID, once; a second interruption fails it.
 * Returns how many were queued again and how many failed.
 */
export async function recoverInterruptedSends(
  db: Kysely<Database>,
  clock: Clock = systemClock,
): Promise<{ requeued: number; failed: number }> {
  const now = stamp(clock);
  return db.transaction().execute(async (trx) => {
    const failed = await trx
      .updateTable("outbox")
      .set({
        state: "failed",
        smtp_reply: "interrupted twice while sending (the process was killed); not retried again",
        updated_at: now,
      })
      .where("state", "=", "sending")
      .where("interruptions", ">=", 1)
      .executeTakeFirst();
    const requeued = await trx
      .updateTable("outbox")
      .set((eb) => ({
        state: "queued",
        interruptions: eb("interruptions", "+", 1),
        next_attempt_at: null,
        smtp_reply:
          "interrupted while sending (the process was killed); retried once with the same Message-ID",
        updated_at: now,
      }))
      .where("state", "=", "sending")
      .executeTakeFirst();
    return { requeued: Number(requeued.numUpdatedRows), failed: Number(failed.numUpdatedRows) };
  });
}

/** Queued messages whose time has come (none set, or not after `now`), oldest first. */
export async function dueMessages(db: Kysely<Database>, now: Date): Promise<OutboxMessage[]> {
  const rows = await db
    .selectFrom("outbox")
    .selectAll()
    .where("state", "=", "queued")
    .where((eb) => eb.or([eb("next_attempt_at", "is", null), eb("next_attempt_at", "<=", now.toISOString())]))
    .orderBy("id")
    .execute();
  return rows.map(decode);
}

/** When the earliest queued message waiting for a retry is due; null when none waits. */
export async function nextRetryAt(db: Kysely<Database>): Promise<Date | null> {
  const row = await db
    .selectFrom("outbox")
    .select((eb) => eb.fn.min("next_attempt_at").as("at"))
    .where("state", "=", "queued")
    .executeTakeFirst();
  return row?.at ? new Date(row.at) : null;
}

async function setState(
  db: Kysely<Database>,
  id: number,
  from: OutboxState,
  values: Partial<Pick<OutboxRow, "state" | "smtp_reply" | "next_attempt_at" | "sent_at">>,
  clock: Clock,
  countAttempt = false,
): Promise<void> {
  await db
    .updateTable("outbox")
    .set((eb) => ({
      ...values,
      ...(countAttempt ? { attempts: eb("attempts", "+", 1) } : {}),
      updated_at: stamp(clock),
    }))
    .where("id", "=", id)
    .where("state", "=", from)
    .execute();
}

/** Marks a queued message `sending` (committed before the SMTP transaction starts) and counts the attempt. */
export const markSending = (db: Kysely<Database>, id: number, clock: Clock = systemClock) =>
  setState(db, id, "queued", { state: "sending" }, clock, true);

/** The server accepted the message (250): `sent`, with its reply. */
export const markSent = (db: Kysely<Database>, id: number, reply: string, clock: Clock = systemClock) =>
  setState(
    db,
    id,
    "sending",
    { state: "sent", smtp_reply: reply, sent_at: stamp(clock), next_attempt_at: null },
    clock,
  );

/** A temporary failure (4xx, dropped connection): queued again for `retryAt`. */
export const markRetry = (
  db: Kysely<Database>,
  id: number,
  reply: string,
  retryAt: Date,
  clock: Clock = systemClock,
) =>
  setState(
    db,
    id,
    "sending",
    { state: "queued", smtp_reply: reply, next_attempt_at: retryAt.toISOString() },
    clock,
  );

/** A permanent failure (5xx, or retries used up): `failed`, with the reply. */
export const markFailed = (db: Kysely<Database>, id: number, reply: string, clock: Clock = systemClock) =>
  setState(db, id, "sending", { state: "failed", smtp_reply: reply, next_attempt_at: null }, clock);

/**
 * Queues every `failed` message again, when the cause was fixed (a mailbox created, the SMTP
 * settings or CA corrected): same row, same Message-ID, attempts counted afresh. Returns how many.
 * A failed message is otherwise never resent while its content stays the same.
 */
export async function requeueFailed(db: Kysely<Database>, clock: Clock = systemClock): Promise<number> {
  const result = await db
    .updateTable("outbox")
    .set({ state: "queued", attempts: 0, next_attempt_at: null, updated_at: stamp(clock) })
    .where("state", "=", "failed")
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** How many messages are in each state. */
export async function outboxCounts(db: Kysely<Database>): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom("outbox")
    .select((eb) => ["state", eb.fn.countAll<number>().as("n")])
    .groupBy("state")
    .execute();
  return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
}

/** A failed message as `touming status` lists it. */
export interface FailedMessage {
  id: number;
  recipient: string;
  subject: string;
  attempts: number;
  reply: string;
  at: string;
}

/** The most recent failed messages, newest first, with the SMTP reply. */
export async function failedMessages(db: Kysely<Database>, limit = 20): Promise<FailedMessage[]> {
  const rows = await db
    .selectFrom("outbox")
    .select(["id", "recipient", "subject", "attempts", "smtp_reply", "updated_at"])
    .where("state", "=", "failed")
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    recipient: r.recipient,
    subject: r.subject,
    attempts: r.attempts,
    reply: r.smtp_reply ?? "",
    at: r.updated_at,
  }));
}
