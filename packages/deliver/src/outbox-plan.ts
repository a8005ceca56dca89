import { randomBytes } from "node:crypto";
import {
  type Clock,
  type NewOutboxMessage,
  type OutboxMessage,
  type StoreDb,
  outboxHistory,
  queueMessage,
  replaceUnsentMessage,
} from "@touming/store";
import { messageIdFor, messageSubject } from "./compose.js";
import type { AddressedStatement } from "./due-statements.js";
import { contentHash } from "./statement.js";

/** A message to queue, or the content to put in place of an unsent one (`replaceId`). */
export interface PlannedMessage {
  message: NewOutboxMessage;
  replaceId: number | null;
}

/**
 * The message the recipient has, or may have, received last: sent, or interrupted while being
 * sent (the server may have taken it before the kill), so it is never replaced, only corrected.
 */
const mayHaveReceived = (m: OutboxMessage) => m.state === "sent" || m.interruptions > 0;

/**
 * What to queue for each due statement and recipient, compared with the recipient's latest
 * message about the same scope and year: nothing when it states the same (same content hash); a
 * first message when none was received; a 更正 of the latest one received when what it states
 * changed. A message never sent (queued, or failed) gets the new content in its place.
 */
export async function planMessages(
  db: StoreDb,
  due: readonly AddressedStatement[],
  from: string,
): Promise<PlannedMessage[]> {
  const out: PlannedMessage[] = [];
  for (const { statement, recipients } of due) {
    const hash = contentHash(statement);
    for (const recipient of recipients) {
      const key = {
        recipient,
        scopeKind: statement.scopeKind,
        scopeId: statement.scopeId,
        year: statement.year,
      };
      const history = await outboxHistory(db, key);
      const latest = history.at(-1);
      if (latest?.content_hash === hash) continue;
      const received = history.findLast(mayHaveReceived);
      const replaceable =
        latest !== undefined &&
        latest !== received &&
        (latest.state === "queued" || latest.state === "failed");
      const sequence = `${history.length + 1}.${randomBytes(3).toString("hex")}`;
      out.push({
        replaceId: replaceable ? latest.id : null,
        message: {
          ...key,
          contentHash: hash,
          statement: statement as unknown as Record<string, unknown>,
          kind: received ? "correction" : "first",
          replacesId: received?.id ?? null,
          messageId: messageIdFor(statement, recipient, sequence, hash, from),
          subject: messageSubject(statement, received !== undefined),
        },
      });
    }
  }
  return out;
}

/** Writes the plan to the outbox. */
export async function queuePlanned(
  db: StoreDb,
  planned: readonly PlannedMessage[],
  clock: Clock,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const { message, replaceId } of planned) {
      if (replaceId === null) await queueMessage(trx, message, clock);
      else await replaceUnsentMessage(trx, replaceId, message, clock);
    }
  });
}
