import { type Store, failedMessages, markSending, outboxCounts } from "@touming/store";
import { useTempDirs, useTempStore } from "@touming/store/testing";
import { afterEach, describe, expect, it } from "vitest";
import { deliverStage } from "./deliver-stage.js";
import { type SinkReply, type SmtpSink, startSmtpSink } from "./smtp-sink.js";
import { parseSmtpUrl } from "./smtp-url.js";
import { gradeAndPublish, importQinghe } from "./testing/index.js";
import { smtpTransport } from "./transport.js";

const tempStore = useTempStore();
const tempDir = useTempDirs();
const sinks: SmtpSink[] = [];
afterEach(async () => {
  for (const sink of sinks.splice(0)) await sink.close();
});

const GRADES = { qinghe: { letter: "A", score: 92 }, "qinghe-jyj": { letter: "B", score: 80 } };

async function withSink(reply: (n: number) => SinkReply) {
  const store = await tempStore();
  const outDir = tempDir();
  await importQinghe(store.db);
  await gradeAndPublish(store.db, outDir, 2024, GRADES);
  const sink = await startSmtpSink({ reply });
  sinks.push(sink);
  const run = () => deliverOnce(store, outDir, sink);
  return { store, sink, run };
}

const deliverOnce = (store: Store, outDir: string, sink: SmtpSink) =>
  deliverStage.run(
    { store, clock: () => new Date(), signal: new AbortController().signal, runId: null },
    {
      outDir,
      from: "touming@oversight.example.gov.cn",
      siteUrl: "http://127.0.0.1:8080",
      today: "2025-06-01",
      transport: smtpTransport(parseSmtpUrl(sink.url)!, { timeoutMs: 5000 }),
      retry: { attempts: 3, baseDelayMs: 20, maxWaitMs: 2000 },
    },
  );

const row = (store: Store) => store.db.selectFrom("outbox").selectAll().executeTakeFirstOrThrow();

describe("delivery faults", () => {
  it("a connection dropped in the middle of DATA is retried, and the message arrives once", async () => {
    const { store, sink, run } = await withSink((n) => (n === 0 ? "drop-mid-data" : "accept"));
    const { summary } = await run();
    expect(summary).toMatchObject({ sent: 1, failed: 0 });
    expect(sink.transactions).toBe(2);
    expect(sink.accepted).toHaveLength(1);
    expect(await row(store)).toMatchObject({
      state: "sent",
      attempts: 2,
      smtp_reply: expect.stringMatching(/^250 /),
    });
  });

  it("451 then success: retried after a wait with the same Message-ID", async () => {
    const { store, sink, run } = await withSink((n) =>
      n === 0 ? { code: 451, message: "4.3.0 try again later" } : "accept",
    );
    expect((await run()).summary).toMatchObject({ sent: 1 });
    expect(sink.transactions).toBe(2);
    const sent = await row(store);
    expect(sent).toMatchObject({ state: "sent", attempts: 2 });
    expect(sink.accepted[0]!.messageId).toBe(sent.message_id);
  });

  it("550 is recorded with the reply, shown as failed, and not sent again", async () => {
    const { store, sink, run } = await withSink(() => ({ code: 550, message: "5.1.1 mailbox unavailable" }));
    expect((await run()).summary).toMatchObject({ sent: 0, failed: 1 });
    expect(await failedMessages(store.db)).toMatchObject([
      {
        recipient: "gkb@qinghe.example.gov.cn",
        attempts: 1,
        reply: "550 5.1.1 mailbox unavailable",
        subject: "【透明】清河县 2024年度政府信息公开工作年度报告评估结果",
      },
    ]);
    expect((await run()).summary).toMatchObject({ queued: 0, sent: 0 });
    expect(sink.transactions).toBe(1);
  });

  it("a 4xx on every attempt fails the message once its attempts are used up", async () => {
    const { store, sink, run } = await withSink(() => ({ code: 452, message: "4.3.1 insufficient storage" }));
    expect((await run()).summary).toMatchObject({ failed: 1 });
    expect(sink.transactions).toBe(3);
    expect(await row(store)).toMatchObject({
      state: "failed",
      smtp_reply: "452 4.3.1 insufficient storage (gave up after 3 attempts)",
    });
  });

  it("a message left `sending` by a dead process is sent once more with the same Message-ID; twice interrupted, it fails", async () => {
    const { store, sink, run } = await withSink(() => "accept");
    const outDir = tempDir();
    await deliverStage.run(
      { store, clock: () => new Date(), signal: AbortSignal.abort(), runId: null },
      {
        outDir,
        from: "touming@oversight.example.gov.cn",
        siteUrl: "http://127.0.0.1:8080",
        today: "2025-06-01",
        transport: smtpTransport(parseSmtpUrl(sink.url)!),
      },
    );
    const queued = await row(store);
    expect(queued.state).toBe("queued");
    await markSending(store.db, queued.id);
    expect((await run()).summary).toMatchObject({ recovered: 1, sent: 1 });
    expect(sink.accepted.map((m) => m.messageId)).toEqual([queued.message_id]);
    expect(await row(store)).toMatchObject({ state: "sent", interruptions: 1, attempts: 2 });

    await store.db.updateTable("outbox").set({ state: "sending" }).execute();
    expect((await run()).summary).toMatchObject({ recovered: 0, failed: 1, sent: 0 });
    expect(await outboxCounts(store.db)).toEqual({ failed: 1 });
  });
});
