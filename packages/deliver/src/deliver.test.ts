import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { type Store, outboxCounts } from "@touming/store";
import { useTempDirs, useTempStore } from "@touming/store/testing";
import { simpleParser } from "mailparser";
import { afterEach, describe, expect, it } from "vitest";
import { type DeliverOptions, deliverStage } from "./deliver-stage.js";
import { type SmtpSink, startSmtpSink } from "./smtp-sink.js";
import { parseSmtpUrl } from "./smtp-url.js";
import { fakePdf, gradeAndPublish, importQinghe } from "./testing/index.js";
import { emlTransport, smtpTransport } from "./transport.js";

const tempStore = useTempStore();
const tempDir = useTempDirs();
const sinks: SmtpSink[] = [];
afterEach(async () => {
  for (const sink of sinks.splice(0)) await sink.close();
});

const SITE = "http://127.0.0.1:8080/";
const FROM = "透明 <touming@oversight.example.gov.cn>";

/** 清河县 2024: the county graded A, 教育局 lost points (a problem), 公安局 not found. */
const YEAR_2024 = {
  qinghe: { letter: "A", score: 92 },
  "qinghe-jyj": {
    letter: "C",
    score: 65,
    lost: { integrity: [5, 20, "表三「总计」行与各项之和不等"] as [number, number, string] },
    caps: [{ kind: "hardFailures", maxScore: 79, reason: "3项硬性勾稽关系不成立：最高评为合格（79分）" }],
  },
  "qinghe-gaj": {
    letter: "F",
    score: 0,
    state: "not_found" as const,
    stateReason: "未发现年度报告：截止日后完整抓取未列出",
  },
};

async function setUp(): Promise<{ store: Store; outDir: string; sink: SmtpSink }> {
  const store = await tempStore();
  const outDir = tempDir();
  await importQinghe(store.db);
  await gradeAndPublish(store.db, outDir, 2024, YEAR_2024);
  const sink = await startSmtpSink();
  sinks.push(sink);
  return { store, outDir, sink };
}

function deliver(store: Store, outDir: string, options: Partial<DeliverOptions> & { url?: string } = {}) {
  const { url, ...rest } = options;
  return deliverStage.run(
    { store, clock: () => new Date(), signal: new AbortController().signal, runId: null },
    {
      outDir,
      from: FROM,
      siteUrl: SITE,
      today: "2025-06-01",
      transport: smtpTransport(parseSmtpUrl(url ?? "smtp://127.0.0.1:1")!, { timeoutMs: 5000 }),
      retry: { baseDelayMs: 10, maxWaitMs: 2000 },
      ...rest,
    },
  );
}

describe("deliver", () => {
  it("sends one message per jurisdiction and year: Chinese subject and file names, PDFs byte for byte, text and HTML", async () => {
    const { store, outDir, sink } = await setUp();
    const { summary } = await deliver(store, outDir, { url: sink.url });
    expect(summary).toMatchObject({ dueScopes: 1, queued: 1, corrections: 0, sent: 1, failed: 0 });
    expect(sink.accepted).toHaveLength(1);
    expect(sink.accepted[0]!.to).toEqual(["gkb@qinghe.example.gov.cn"]);
    const mail = await simpleParser(sink.accepted[0]!.raw);
    expect(mail.subject).toBe("【透明】清河县 2024年度政府信息公开工作年度报告评估结果");
    // Encoded words in the raw header, not raw UTF-8.
    expect(sink.accepted[0]!.raw.toString("latin1")).toMatch(/^Subject: =\?UTF-8\?/m);
    expect(mail.attachments.map((a) => a.filename)).toEqual([
      "清河县人民政府2024年度政府信息公开工作年度报告评估汇总.pdf",
      "清河县公安局2024年度政府信息公开工作年度报告评估报告卡.pdf",
      "清河县教育局2024年度政府信息公开工作年度报告评估报告卡.pdf",
    ]);
    expect(mail.attachments.map((a) => a.content)).toEqual([
      readFileSync(path.join(outDir, "jurisdictions/qinghe/2024.pdf")),
      fakePdf("cards/qinghe-gaj/2024", 1),
      fakePdf("cards/qinghe-jyj/2024", 1),
    ]);
    // Every byte on the wire is ASCII: names as RFC 2231 parameters, bodies as base64 or quoted-printable.
    expect(sink.accepted[0]!.raw.every((b) => b < 0x80)).toBe(true);
    expect(sink.accepted[0]!.raw.toString("latin1")).toMatch(/filename\*0\*=utf-8''%E6%B8%85/i);
    expect(mail.attachments.every((a) => a.contentType === "application/pdf")).toBe(true);
    expect(mail.text).toContain("清河县教育局：C（65分）");
    expect(mail.text).toContain(
      "清河县教育局：C（65分）\n  - 封顶79分：3项硬性勾稽关系不成立：最高评为合格（79分）\n  - 数据准确：表三「总计」行与各项之和不等（扣15分）\n",
    );
    expect(mail.text).toContain("清河县公安局：未发现，F（0分）");
    expect(mail.text).toContain(`汇总页面：${SITE}jurisdictions/qinghe/2024.html`);
    expect(mail.html).toContain(`<a href="${SITE}cards/qinghe-jyj/2024.html">清河县教育局</a>`);
    expect(mail.messageId).toMatch(/^<touming\.j\.qinghe\.2024\..+@oversight\.example\.gov\.cn>$/);
    expect(await outboxCounts(store.db)).toEqual({ sent: 1 });
  });

  it("sends nothing again while the results stay the same, and one 更正 naming what changed when they change", async () => {
    const { store, outDir, sink } = await setUp();
    await deliver(store, outDir, { url: sink.url });
    expect((await deliver(store, outDir, { url: sink.url })).summary).toMatchObject({ queued: 0, sent: 0 });
    // A late report: 公安局 is graded now, and the PDFs are printed anew.
    await gradeAndPublish(
      store.db,
      outDir,
      2024,
      { ...YEAR_2024, "qinghe-gaj": { letter: "B", score: 81 } },
      2,
    );
    expect((await deliver(store, outDir, { url: sink.url })).summary).toMatchObject({
      queued: 1,
      corrections: 1,
      sent: 1,
    });
    expect((await deliver(store, outDir, { url: sink.url })).summary).toMatchObject({ queued: 0, sent: 0 });
    expect(sink.accepted).toHaveLength(2);
    const [first, correction] = await Promise.all(sink.accepted.map((m) => simpleParser(m.raw)));
    expect(correction!.subject).toBe("【透明】【更正】清河县 2024年度政府信息公开工作年度报告评估结果");
    expect(correction!.inReplyTo).toBe(first!.messageId);
    expect(correction!.references).toBe(first!.messageId);
    expect(correction!.text).toContain(`（邮件编号 ${first!.messageId}）`);
    expect(correction!.text).toMatch(/本邮件更正\d{4}年\d{1,2}月\d{1,2}日发送的《【透明】清河县 2024年度/);
    expect(correction!.text).toContain(
      "清河县公安局：未发现，F（0分） → B（81分）。原因：已发现其年度报告（逾期或补充发布）。",
    );
    expect(correction!.text).not.toContain("清河县教育局：C（65分） →");
    // 公安局 has no problem any more: its card is no longer attached; the others are the new PDFs.
    expect(correction!.attachments.map((a) => a.content)).toEqual([
      fakePdf("jurisdictions/qinghe/2024", 2),
      fakePdf("cards/qinghe-jyj/2024", 2),
    ]);
  });

  it("waits for the deadline and for publishing", async () => {
    const { store, outDir, sink } = await setUp();
    // The county's own deadline is 2025-03-31: on that day nothing is due.
    expect((await deliver(store, outDir, { url: sink.url, today: "2025-03-31" })).summary).toMatchObject({
      dueScopes: 0,
      notDue: 1,
      sent: 0,
    });
    await gradeAndPublish(store.db, tempDir(), 2023, YEAR_2024);
    await store.db.deleteFrom("publications").where("year", "=", 2023).execute();
    expect((await deliver(store, outDir, { url: sink.url, today: "2025-04-01" })).summary).toMatchObject({
      dueScopes: 1,
      unpublished: 1,
      sent: 1,
    });
  });

  it("--dry-run writes .eml files and leaves the outbox as it was", async () => {
    const { store, outDir } = await setUp();
    const emlDir = tempDir();
    const { summary } = await deliver(store, outDir, { dryRun: true, transport: emlTransport(emlDir) });
    expect(summary).toMatchObject({ queued: 1, sent: 1, dryRun: true });
    expect(await outboxCounts(store.db)).toEqual({});
    const files = readdirSync(emlDir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^touming\.j\.qinghe\.2024\..*\.eml$/);
    const mail = await simpleParser(readFileSync(path.join(emlDir, files[0]!)));
    expect(mail.subject).toBe("【透明】清河县 2024年度政府信息公开工作年度报告评估结果");
    expect(mail.attachments).toHaveLength(3);
  });

  it("logs in with the URL's user and password", async () => {
    const { store, outDir } = await setUp();
    const sink = await startSmtpSink({ auth: { user: "gk@oversight", pass: "p@ss:w/rd" } });
    sinks.push(sink);
    expect(sink.url).toBe(`smtp://gk%40oversight:p%40ss%3Aw%2Frd@127.0.0.1:${sink.port}`);
    expect((await deliver(store, outDir, { url: sink.url })).summary).toMatchObject({ sent: 1 });
    const wrong = await startSmtpSink({ auth: { user: "gk", pass: "right" } });
    sinks.push(wrong);
    await gradeAndPublish(store.db, outDir, 2024, YEAR_2024, 3);
    const { details } = await deliver(store, outDir, { url: `smtp://gk:wrong@127.0.0.1:${wrong.port}` });
    expect(details.messages).toMatchObject([{ state: "failed", reply: expect.stringMatching(/^535 /) }]);
  });
});
