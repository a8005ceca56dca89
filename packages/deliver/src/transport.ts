import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import nodemailer from "nodemailer";
import type Mail from "nodemailer/lib/mailer/index.js";
import type { SmtpCa } from "./smtp-ca.js";
import { requiresStartTls } from "./smtp-url.js";

/** Where composed messages go: an SMTP server, or a folder of `.eml` files (`--dry-run`). */
export interface MailTransport {
  /** Sends one message; resolves with the server's reply once it accepted it (250). */
  send(mail: Mail.Options): Promise<string>;
  close(): void;
}

/**
 * A message the server did not take: `permanent` for a 5xx reply, else (a 4xx, a dropped or
 * refused connection, a timeout) worth retrying. `reply` is the server's reply, or the error.
 */
export class SendFailure extends Error {
  constructor(
    readonly reply: string,
    readonly permanent: boolean,
    options?: ErrorOptions,
  ) {
    super(reply, options);
    this.name = "SendFailure";
  }
}

interface NodemailerError extends Error {
  code?: string;
  responseCode?: number;
  response?: string;
}

/**
 * A nodemailer error as a SendFailure: a 5xx reply is permanent, everything else temporary. A TLS
 * failure (`ETLS`: STARTTLS required but refused, an untrusted certificate) keeps nodemailer's
 * message with the server's reply, which alone ("500 command not recognized") would not say why.
 */
export function sendFailureOf(error: unknown): SendFailure {
  const e = error as NodemailerError;
  const code = typeof e.responseCode === "number" ? e.responseCode : null;
  const said = `${e.code ? `${e.code}: ` : ""}${e.message}`;
  // nodemailer's message already ends with the server's reply when there is one.
  const text = e.response && e.code !== "ETLS" ? e.response : said;
  // Node's advice to trust the system's CAs would mislead: the CA to trust is TOUMING_SMTP_CA.
  const reply = text
    .replace(/[;.,]?\s*try running Node\.js with --use-system-ca\.?/i, "")
    .replace(/\s+/g, " ")
    .trim();
  return new SendFailure(reply, code !== null && code >= 500 && code < 600, { cause: error });
}

export interface SmtpOptions {
  /** Milliseconds to wait for the connection, the greeting and each reply. Default 60 000. */
  timeoutMs?: number;
  /**
   * The CA certificates to trust instead of Node's (`TOUMING_SMTP_CA`). The server's certificate
   * is always verified, with or without them: there is no option to turn that off.
   */
  ca?: SmtpCa | null;
}

/**
 * Sends through the server of an `smtp://` or `smtps://` URL (see smtp-url.ts), one connection per
 * message: `smtps://` is TLS from the start; `smtp://` upgrades with STARTTLS when the server offers
 * it, and with `?starttls=required` fails when it does not (nodemailer's `requireTLS`) instead of
 * sending the message and the password in clear.
 */
export function smtpTransport(url: URL, options: SmtpOptions = {}): MailTransport {
  const timeout = options.timeoutMs ?? 60_000;
  const transporter = nodemailer.createTransport({
    host: url.hostname.replace(/^\[|\]$/g, ""),
    port: url.port ? Number(url.port) : url.protocol === "smtps:" ? 465 : 587,
    secure: url.protocol === "smtps:",
    requireTLS: requiresStartTls(url),
    ...(options.ca ? { tls: { ca: options.ca.certificates } } : {}),
    ...(url.username
      ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } }
      : {}),
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  });
  return {
    async send(mail) {
      try {
        const info = (await transporter.sendMail(mail)) as { response?: string };
        return info.response ?? "250 accepted";
      } catch (error) {
        throw sendFailureOf(error);
      }
    },
    close: () => transporter.close(),
  };
}

/** A file name for a message: its Message-ID's characters that are safe in a path. */
export const emlName = (messageId: string): string =>
  `${messageId.replace(/^<|>$/g, "").replace(/[^A-Za-z0-9._@-]+/g, "_")}.eml`;

/** The message as it would go over the wire (RFC 5322 bytes). */
export async function messageBytes(mail: Mail.Options): Promise<Buffer> {
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "\r\n" });
  const info = (await composer.sendMail(mail)) as { message: Buffer };
  return info.message;
}

/** Writes each message as `<dir>/<Message-ID>.eml` instead of sending it (`touming deliver --dry-run`). */
export function emlTransport(dir: string): MailTransport {
  return {
    async send(mail) {
      await mkdir(dir, { recursive: true });
      const file = path.join(dir, emlName(String(mail.messageId)));
      await writeFile(`${file}.tmp`, await messageBytes(mail));
      await rename(`${file}.tmp`, file);
      return `written to ${file}`;
    },
    close: () => undefined,
  };
}
