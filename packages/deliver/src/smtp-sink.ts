import { mkdir, writeFile } from "node:fs/promises";
import type { AddressInfo, Socket } from "node:net";
import path from "node:path";
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from "smtp-server";
import { emlName } from "./transport.js";

/** A message the sink received in whole. */
export interface SinkMessage {
  raw: Buffer;
  from: string;
  to: string[];
  /** The Message-ID header, null when it has none. */
  messageId: string | null;
  /** Whether the connection was TLS when the data came (smtps://, or upgraded with STARTTLS). */
  secure: boolean;
}

/**
 * How the sink answers a message once its data is in: accept it (250), answer with a code (451,
 * 550), never answer (`hold`: the client waits, as when a kill finds it there) or drop the
 * connection. `drop-mid-data` drops it as soon as the data starts, before it is whole.
 */
export type SinkReply = "accept" | "hold" | "drop-mid-data" | { code: number; message: string };

export interface SinkOptions {
  /** Default 0: a free port. The sink listens on 127.0.0.1 only. */
  port?: number;
  /** Decides the reply to the n-th message transaction (0-based); every message is accepted without it. */
  reply?: (n: number) => SinkReply;
  /** Requires this user name and password (AUTH PLAIN/LOGIN over the loopback connection). */
  auth?: { user: string; pass: string };
  /**
   * A key and certificate (PEM) for TLS: the sink then offers STARTTLS, or with `implicit` speaks
   * TLS from the start (its URL `smtps://`). Without it, no STARTTLS: the demo's connection never
   * leaves the machine.
   */
  tls?: { key: string; cert: string; implicit?: boolean };
}

export interface SmtpSink {
  port: number;
  /** `smtp://127.0.0.1:<port>` (`smtps://` with implicit TLS; with the user and password when the sink requires them). */
  url: string;
  /** The messages accepted (answered 250), in order. */
  readonly accepted: SinkMessage[];
  /** Message transactions started (DATA received), accepted or not. */
  readonly transactions: number;
  /** Resolves once `n` transactions have started and the n-th data is in (or dropped). */
  transactionsReached(n: number): Promise<void>;
  /** Writes every accepted message to `<dir>/<Message-ID>.eml`; returns the files. */
  save(dir: string): Promise<string[]>;
  close(): Promise<void>;
}

const messageIdOf = (raw: Buffer): string | null => {
  const head = raw
    .subarray(0, raw.indexOf("\r\n\r\n") >= 0 ? raw.indexOf("\r\n\r\n") : raw.length)
    .toString("latin1");
  return /^Message-ID:\s*(<[^>\r\n]+>)/im.exec(head)?.[1] ?? null;
};

/**
 * An SMTP server on loopback that keeps what it is sent: the demo delivers to it, and the tests
 * deliver to it with faults (a reply code, a connection dropped in the middle of DATA, no answer).
 * STARTTLS is offered only with a certificate (`tls`, for the TLS tests).
 */
export async function startSmtpSink(options: SinkOptions = {}): Promise<SmtpSink> {
  const accepted: SinkMessage[] = [];
  let transactions = 0;
  const waiting: { n: number; resolve: () => void }[] = [];
  const reached = () => {
    for (const w of waiting.filter((w) => transactions >= w.n)) {
      waiting.splice(waiting.indexOf(w), 1);
      w.resolve();
    }
  };
  const held: (() => void)[] = [];
  const server: SMTPServer = new SMTPServer({
    disabledCommands: [
      ...(options.tls && !options.tls.implicit ? [] : ["STARTTLS"]),
      ...(options.auth ? [] : ["AUTH"]),
    ],
    ...(options.tls
      ? { key: options.tls.key, cert: options.tls.cert, secure: options.tls.implicit ?? false }
      : {}),
    allowInsecureAuth: true,
    authOptional: !options.auth,
    logger: false,
    size: 64 * 1024 * 1024,
    onAuth(auth, _session, callback) {
      const ok = options.auth && auth.username === options.auth.user && auth.password === options.auth.pass;
      if (ok) callback(null, { user: auth.username });
      else callback(Object.assign(new Error("Authentication failed"), { responseCode: 535 }));
    },
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback) {
      const n = transactions++;
      const reply = options.reply?.(n) ?? "accept";
      const chunks: Buffer[] = [];
      if (reply === "drop-mid-data") {
        stream.once("data", () => {
          socketOf(server, session)?.destroy();
          reached();
        });
        stream.resume();
        return;
      }
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks);
        reached();
        if (reply === "hold") {
          held.push(() => callback(Object.assign(new Error("closing"), { responseCode: 421 })));
          return;
        }
        if (reply !== "accept") {
          callback(Object.assign(new Error(reply.message), { responseCode: reply.code }));
          return;
        }
        accepted.push({
          raw,
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          messageId: messageIdOf(raw),
          secure: session.secure,
        });
        callback(null, `OK: queued as ${accepted.length}`);
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  server.on("error", () => undefined);
  const port = ((server as unknown as { server: { address(): AddressInfo } }).server.address() as AddressInfo)
    .port;
  const auth = options.auth
    ? `${encodeURIComponent(options.auth.user)}:${encodeURIComponent(options.auth.pass)}@`
    : "";
  return {
    port,
    url: `${options.tls?.implicit ? "smtps" : "smtp"}://${auth}127.0.0.1:${port}`,
    accepted,
    get transactions() {
      return transactions;
    },
    transactionsReached: (n) =>
      transactions >= n ? Promise.resolve() : new Promise<void>((resolve) => waiting.push({ n, resolve })),
    async save(dir) {
      await mkdir(dir, { recursive: true });
      const files: string[] = [];
      for (const [i, m] of accepted.entries()) {
        const file = path.join(dir, emlName(m.messageId ?? `message-${i + 1}`));
        await writeFile(file, m.raw);
        files.push(file);
      }
      return files;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const release of held.splice(0)) release();
        server.close(() => resolve());
      }),
  };
}

/** The socket of a session's connection (smtp-server keeps its connections in a set). */
function socketOf(server: SMTPServer, session: SMTPServerSession): Socket | undefined {
  const connections = (server as unknown as { connections: Set<{ id: string; _socket: Socket }> })
    .connections;
  for (const c of connections) if (c.id === session.id) return c._socket;
  return undefined;
}
