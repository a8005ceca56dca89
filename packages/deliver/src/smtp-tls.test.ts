import { writeFileSync } from "node:fs";
import path from "node:path";
import { type Store, failedMessages } from "@touming/store";
import { useTempDirs, useTempStore } from "@touming/store/testing";
import { simpleParser } from "mailparser";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { deliverStage } from "./deliver-stage.js";
import { type SinkOptions, type SmtpSink, startSmtpSink } from "./smtp-sink.js";
import { type SmtpCa, readSmtpCa } from "./smtp-ca.js";
import { parseSmtpUrl } from "./smtp-url.js";
import { type TestCertificates, makeTestCertificates } from "./testing/certificates.js";
import { gradeAndPublish, importQinghe } from "./testing/index.js";
import { smtpTransport } from "./transport.js";

// Real TLS on loopback: a CA and a server certificate for 127.0.0.1 made for this file, a sink that
// speaks TLS from the start or offers STARTTLS, and the transport as `touming deliver` builds it.

const tempStore = useTempStore();
const tempDir = useTempDirs();
const sinks: SmtpSink[] = [];
afterEach(async () => {
  for (const sink of sinks.splice(0)) await sink.close();
});

let certs: TestCertificates;
let ca: SmtpCa;
beforeAll(() => {
  certs = makeTestCertificates();
  const file = path.join(tempDir(), "office-ca.pem");
  writeFileSync(file, certs.caCert);
  ca = readSmtpCa(file)!;
});

const SUBJECT = "【透明】清河县 2024年度政府信息公开工作年度报告评估结果";

async function setUp(sinkOptions: SinkOptions) {
  const store = await tempStore();
  const outDir = tempDir();
  await importQinghe(store.db);
  await gradeAndPublish(store.db, outDir, 2024, {
    qinghe: { letter: "A", score: 92 },
    "qinghe-jyj": { letter: "B", score: 80 },
  });
  const sink = await startSmtpSink(sinkOptions);
  sinks.push(sink);
  return { store, outDir, sink };
}

const deliver = (store: Store, outDir: string, url: string, trusted: SmtpCa | null) =>
  deliverStage.run(
    { store, clock: () => new Date(), signal: new AbortController().signal, runId: null },
    {
      outDir,
      from: "touming@oversight.example.gov.cn",
      siteUrl: "http://127.0.0.1:8080",
      today: "2025-06-01",
      transport: smtpTransport(parseSmtpUrl(url)!, { timeoutMs: 5000, ca: trusted }),
      retry: { attempts: 2, baseDelayMs: 10, maxWaitMs: 2000 },
    },
  );

const tls = () => ({ key: certs.serverKey, cert: certs.serverCert });

describe("SMTP over TLS", () => {
  it("smtps:// with the office's CA trusted: delivered over TLS", async () => {
    const { store, outDir, sink } = await setUp({ tls: { ...tls(), implicit: true } });
    expect(sink.url).toBe(`smtps://127.0.0.1:${sink.port}`);
    expect((await deliver(store, outDir, sink.url, ca)).summary).toMatchObject({ sent: 1, failed: 0 });
    expect(sink.accepted).toHaveLength(1);
    expect(sink.accepted[0]!.secure).toBe(true);
    expect((await simpleParser(sink.accepted[0]!.raw)).subject).toBe(SUBJECT);
  });

  for (const query of ["", "?starttls=required"])
    it(`smtp://${query} against a server offering STARTTLS: upgraded before the message`, async () => {
      const { store, outDir, sink } = await setUp({ tls: tls() });
      expect(sink.url).toBe(`smtp://127.0.0.1:${sink.port}`);
      const { summary } = await deliver(store, outDir, `${sink.url}${query}`, ca);
      expect(summary).toMatchObject({ sent: 1, failed: 0 });
      expect(sink.accepted.map((m) => m.secure)).toEqual([true]);
      expect((await simpleParser(sink.accepted[0]!.raw)).subject).toBe(SUBJECT);
    });

  it("without the CA the certificate is refused: the message fails with the error as its reply, nothing sent", async () => {
    const { store, outDir, sink } = await setUp({ tls: { ...tls(), implicit: true } });
    const { summary, details } = await deliver(store, outDir, sink.url, null);
    expect(summary).toMatchObject({ sent: 0, failed: 1 });
    // Not a 5xx: retried like a dropped connection (a server's certificate can be fixed), then failed.
    const reply = details.messages[0]!.reply;
    expect(reply).toMatch(/certificate/i);
    // Node's hint to trust the system CAs is dropped: the CA to trust is TOUMING_SMTP_CA.
    expect(reply).not.toContain("--use-system-ca");
    expect(reply).toMatch(/\(gave up after 2 attempts\)$/);
    expect(await failedMessages(store.db)).toMatchObject([{ attempts: 2, reply, subject: SUBJECT }]);
    expect(sink.transactions).toBe(0);
  });

  it("STARTTLS with an untrusted certificate fails rather than going on in clear", async () => {
    const { store, outDir, sink } = await setUp({ tls: tls() });
    const { summary, details } = await deliver(store, outDir, sink.url, null);
    expect(summary).toMatchObject({ sent: 0, failed: 1 });
    expect(details.messages[0]!.reply).toMatch(/^(ETLS|ESOCKET): .*certificate/i);
    expect(sink.transactions).toBe(0);
  });

  it("?starttls=required against a server without STARTTLS fails instead of sending in clear", async () => {
    const { store, outDir, sink } = await setUp({});
    const { summary, details } = await deliver(store, outDir, `${sink.url}?starttls=required`, ca);
    expect(summary).toMatchObject({ sent: 0, failed: 1 });
    expect(details.messages[0]!.reply).toMatch(/^ETLS: Error upgrading connection with STARTTLS: 5\d\d /);
    expect(await failedMessages(store.db)).toMatchObject([{ attempts: 1, subject: SUBJECT }]);
    expect(sink.transactions).toBe(0);
    expect(sink.accepted).toEqual([]);
    // Failed, it is not tried again (in clear or otherwise) by the next run.
    expect((await deliver(store, outDir, sink.url, ca)).summary).toMatchObject({ queued: 0, sent: 0 });
  });
});
