import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { OutboxMessage } from "@touming/store";
import type Mail from "nodemailer/lib/mailer/index.js";
import { changesBetween } from "./corrections.js";
import { chineseDate, messageHtml, messageText } from "./message-body.js";
import type { Statement } from "./statement.js";

/** The subject: `【透明】清河县 2024年度政府信息公开工作年度报告评估结果`, a 更正 marked as one. */
export function messageSubject(
  statement: Pick<Statement, "name" | "year"> & Partial<Pick<Statement, "scopeKind">>,
  correction: boolean,
): string {
  // A name with a line break (a registry's typo) must not end the header.
  const printed = statement.name.replace(/[\p{Cc}\u2028\u2029]+/gu, " ");
  // A jurisdiction is named by its region (清河县), not its government (清河县人民政府).
  const name = statement.scopeKind === "jurisdiction" ? printed.replace(/人民政府$/, "") : printed;
  return `【透明】${correction ? "【更正】" : ""}${name} ${statement.year}年度政府信息公开工作年度报告评估结果`;
}

/**
 * A Message-ID fixed when the message is queued: scope, year, its place in the recipient's
 * series, its content and its recipient, at the sender's domain. A retry sends the same one.
 */
export function messageIdFor(
  statement: Pick<Statement, "scopeKind" | "scopeId" | "year">,
  recipient: string,
  sequence: string,
  hash: string,
  from: string,
): string {
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? "touming.invalid";
  const who = createHash("sha256").update(recipient.toLowerCase()).digest("hex").slice(0, 10);
  const scope = statement.scopeKind === "agency" ? "a" : "j";
  return `<touming.${scope}.${statement.scopeId}.${statement.year}.${sequence}.${hash.slice(0, 16)}.${who}@${domain}>`;
}

/** An attached file no longer has the bytes the message states (published again since it was queued). */
export class AttachmentChanged extends Error {
  constructor(readonly file: string) {
    super(`${file}: changed since the message was queued; it is queued again after the next publish`);
    this.name = "AttachmentChanged";
  }
}

export interface ComposeContext {
  from: string;
  siteUrl: string;
  /** The output directory the attached files are read from. */
  outDir: string;
}

/**
 * The message of an outbox row, the same bytes of content every time it is composed: its
 * Message-ID and Date are the row's, a 更正 answers the message it corrects (In-Reply-To, and
 * References through the whole series) and names its date. `earlier` are the messages it follows,
 * oldest first, the one it corrects last.
 */
export async function composeMessage(
  row: OutboxMessage,
  earlier: readonly OutboxMessage[],
  context: ComposeContext,
): Promise<Mail.Options> {
  const statement = row.statement as unknown as Statement;
  const corrected = earlier.at(-1);
  const correction = corrected && {
    subject: corrected.subject,
    sentOn: chineseDate(corrected.sent_at ?? corrected.created_at),
    messageId: corrected.message_id,
    changes: changesBetween(corrected.statement as unknown as Statement, statement),
  };
  const body = { siteUrl: context.siteUrl, ...(correction ? { correction } : {}) };
  const attachments = await Promise.all(
    statement.files.map(async (file) => {
      const content = await readFile(path.join(context.outDir, file.path));
      if (createHash("sha256").update(content).digest("hex") !== file.sha256)
        throw new AttachmentChanged(file.path);
      return { filename: file.filename, content, contentType: "application/pdf" };
    }),
  );
  return {
    from: context.from,
    to: row.recipient,
    subject: row.subject,
    messageId: row.message_id,
    date: new Date(row.created_at),
    ...(corrected ? { inReplyTo: corrected.message_id, references: earlier.map((m) => m.message_id) } : {}),
    text: messageText(statement, body),
    html: messageHtml(statement, body),
    attachments,
    headers: { "Auto-Submitted": "auto-generated" },
  };
}
