import { readFileSync } from "node:fs";
import path from "node:path";
import { loadRubric } from "@touming/grade";
import { type Store, addReviews, gradesOf } from "@touming/store";
import { useTempDirs, useTempStore, visibleLatinWords } from "@touming/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { publishStage } from "../publish-stage.js";
import { readOpenData } from "../testing/open-data.js";
import { gradeStore, seedStore, stageContext } from "../testing/seed-store.js";

const rubric = loadRubric();
const newStore = useTempStore({ lifetime: "suite" });
const tempDir = useTempDirs({ lifetime: "suite" });
let out: string;
let store: Store;

/** What a reader sees of a page: tags as spaces, entities decoded. */
const visible = (page: string) =>
  page
    .replace(/^[\s\S]*<body>/, "")
    .replace(/<[^>]*>/g, " ")
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replaceAll("&quot;", '"')
    .replaceAll("&amp;", "&")
    .replace(/\s+/g, " ")
    .replace(/ ?([。，（）：]) ?/g, "$1");
const read = (file: string) => readFileSync(path.join(out, file), "utf8");

beforeAll(async () => {
  out = path.join(tempDir(), "out");
  store = await newStore();
  await seedStore(store);
  await gradeStore(store, rubric);
  // "bad" 2024 fails T3-A for natural persons: the office dismisses it; "city" corrects its date.
  const total = (await gradesOf(store.db, { agencyId: "bad", year: 2024 })).find(
    (g) => g.dimension === "total",
  )!;
  const failed = (total.evidence.findings as { key: string; fingerprint: string }[]).find(
    (f) => f.key === "check:T3-A:natural_person",
  )!;
  await addReviews(store.db, [
    {
      agencyId: "bad",
      year: 2024,
      findingKey: failed.key,
      fact: null,
      action: "dismiss",
      value: null,
      evidence: null,
      fingerprint: failed.fingerprint,
      reason: "原表结转数印刷错误，已在网站更正",
      reviewer: "张三",
      createdAt: "2025-06-02T08:00:00.000Z",
    },
    {
      agencyId: "city",
      year: 2024,
      findingKey: null,
      fact: "publish_date",
      action: "correct",
      value: "2025-01-19",
      evidence: "http://city.example.gov.cn/ndbg/2024.html",
      fingerprint: null,
      reason: "以网站发布记录为准",
      reviewer: "李四",
      createdAt: "2025-06-02T09:00:00.000Z",
    },
  ]);
  await gradeStore(store, rubric);
  await publishStage.run(stageContext(store), { outDir: out, rubric, generatedOn: "2025-06-03", pdf: false });
}, 120_000);

describe("reviews on cards, summaries and open data", () => {
  it("a card states each finding's review state and the reviewer's note, and what the review changed", () => {
    const card = visible(read("cards/bad/2024.html"));
    expect(card).toContain(
      "复核状态：已撤销。撤销理由（2025-06-02）：原表结转数印刷错误，已在网站更正；不扣分",
    );
    expect(card).toMatch(/复核调整：经机关复核，本评估已调整（调整前：F 不合格，\d+(\.\d)?分）。/);
    expect(card).toContain("共核验1项勾稽关系，1项不成立（其中1项经复核撤销）");
    expect(card).toContain(
      "撤销：表三「自然人」列“本年新收加上年结转等于办理结果合计加结转下年”不成立（复核意见：原表结转数印刷错误，已在网站更正）",
    );
    const city = visible(read("cards/city/2024.html"));
    expect(city).toContain("经复核更正的事实");
    expect(city).toContain(
      "更正发布日期为2025-01-19（依据：http://city.example.gov.cn/ndbg/2024.html）（原为2025-01-20）",
    );
    expect(city).toContain("2025-01-19（经复核更正（原为2025-01-20），依据：");
    // The reviewer's name stays in open data; no Latin word reaches a card of ours.
    expect(visibleLatinWords(read("cards/city/2024.html"))).toEqual([]);
  });

  it("a summary lists the reviewed findings and corrections with their notes, and counts states per agency", () => {
    const summary = visible(read("jurisdictions/city/2024.html"));
    expect(summary).toMatch(
      /复核情况 机关 问题或更正 复核状态 复核意见 .*已撤销 2025-06-02：原表结转数印刷错误/,
    );
    expect(summary).toContain("更正发布日期为2025-01-19");
    expect(summary).toContain("已更正1项");
  });

  it("open data has every finding with its review state and note, and the corrections in force", () => {
    const findings = JSON.parse(readOpenData(out, "data/findings.json.gz")) as Record<string, unknown>[];
    expect(
      findings.find((f) => f.agency_id === "bad" && f.year === 2024 && f.review_state !== "pending"),
    ).toMatchObject({
      finding: "check:T3-A:natural_person",
      review_state: "dismissed",
      review_action: "dismiss",
      review_note: "原表结转数印刷错误，已在网站更正",
      reviewer: "张三",
      evidence_changed: 0,
    });
    const corrections = JSON.parse(readOpenData(out, "data/corrections.json.gz")) as Record<
      string,
      unknown
    >[];
    expect(corrections).toEqual([
      expect.objectContaining({
        agency_id: "city",
        fact: "publish_date",
        value: "2025-01-19",
        extracted: "2025-01-20",
        review_state: "corrected",
        reviewer: "李四",
      }),
    ]);
  });
});
