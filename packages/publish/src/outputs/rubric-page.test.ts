import { readFileSync } from "node:fs";
import path from "node:path";
import { BUILT_IN_RUBRIC_FILE, loadRubric } from "@touming/grade";
import { type Store, listPublications } from "@touming/store";
import { sha256File, useTempDirs, useTempStore } from "@touming/testing";
import { beforeAll, describe, expect, it } from "vitest";
import type { IssuingOffice } from "../output.js";
import { publishStage } from "../publish-stage.js";
import { gradeStore, seedStore, stageContext } from "../testing/seed-store.js";

// Version 1, whichever the built-in rubric is.
const rubric = loadRubric(path.join(path.dirname(BUILT_IN_RUBRIC_FILE), "rubric-v1.json"));
const newStore = useTempStore({ lifetime: "suite" });
const tempDir = useTempDirs({ lifetime: "suite" });
let store: Store;
let out: string;

/** A publish of the test store (HTML only), with this issuing office or none. */
const publish = async (office?: IssuingOffice) =>
  (
    await publishStage.run(stageContext(store), {
      outDir: out,
      rubric,
      generatedOn: "2025-06-01",
      pdf: false,
      ...(office ? { office } : {}),
    })
  ).summary;

const page = (file: string) => readFileSync(path.join(out, file), "utf8");

/** What a reader sees of a page: the body's text, tags removed and entities decoded. */
const visibleText = (html: string) =>
  html
    .replace(/^[\s\S]*<body>/, "")
    .replace(/<[^>]*>/g, "")
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&quot;", '"')
    .replaceAll("&amp;", "&");

/** The footer of a page, as written. */
const footer = (html: string) => /<footer[\s\S]*<\/footer>/.exec(html)?.[0] ?? "";

const PAGES = { card: "cards/bad/2024.html", summary: "jurisdictions/city/2024.html", index: "index.html" };

beforeAll(async () => {
  out = path.join(tempDir(), "out");
  store = await newStore();
  await seedStore(store);
  await gradeStore(store, rubric);
  await publish();
}, 120_000);

describe("the 评分细则 page", () => {
  it("is written for the rubric's version and recorded in publications", async () => {
    const file = path.join(out, "rubric/v1.html");
    const recorded = (await listPublications(store.db)).find((p) => p.path === "rubric/v1.html");
    expect([recorded?.kind, recorded?.agency_id, recorded?.sha256]).toEqual([
      "rubric",
      null,
      sha256File(file),
    ]);
  });

  it("states the title, the version, the grade scale and how each dimension is scored", () => {
    const html = page("rubric/v1.html");
    expect(html).toContain("<h1>政府信息公开工作年度报告评分细则（第1版）</h1>");
    expect(html).toContain("<p>版本：第1版 · 满分100分</p>");
    expect(html).toContain(
      '<tr><td><span class="letter grade-A">A</span></td><td>优秀</td><td>90分及以上</td></tr>',
    );
    expect(html).toContain(
      '<tr><td><span class="letter grade-B">B</span></td><td>良好</td><td>80分及以上、不足90分</td></tr>',
    );
    expect(html).toContain(
      '<tr><td><span class="letter grade-F">F</span></td><td>不合格</td><td>不足60分</td></tr>',
    );
    expect(html).toContain(
      "<h3>按时发布（20分）</h3>\n<ul><li>按期发布得20分；逾期30天以内得10分；逾期超过30天得0分</li>",
    );
    expect(html).toContain(
      "<li>2019年及以后的年度报告应包含以下6个部分，每部分2.5分：总体情况、主动公开、依申请公开、行政复议和诉讼、问题及改进、其他需要报告的事项</li>",
    );
    expect(html).toContain("<li>核验以下5项勾稽关系：本年新收加上年结转等于办理结果合计加结转下年；");
    // Rubric v1 has no caps.
    expect(html).not.toContain("得分上限");
  });

  it("has no check id, nor any other Latin word than the grade letters and the project's name, in its text", () => {
    const text = visibleText(page("rubric/v1.html"));
    expect(text).toContain("数据准确（25分）");
    expect(text).not.toMatch(/T3-A|T3-B|T3-C|T4-A|NONNEG|X-[123]/);
    expect(new Set(text.match(/[A-Za-z]+/g))).toEqual(new Set(["A", "B", "C", "D", "F", "Touming"]));
  });

  it("has the pages' layout and policy, and does not link to itself", () => {
    const html = page("rubric/v1.html");
    expect(html).toContain(`content="default-src 'none'; style-src 'self' 'unsafe-inline'`);
    expect(html).toContain('<a href="../index.html">索引</a>');
    expect(footer(html)).toContain("<div>评分细则（第1版） · 生成日期 2025-06-01</div>");
    expect(footer(html)).not.toContain("<a ");
  });
});

describe("every card, summary and the index", () => {
  it("link the 评分细则 page of their rubric from their footer", () => {
    expect(footer(page(PAGES.card))).toContain('<a href="../../rubric/v1.html">评分细则（第1版）</a>');
    expect(footer(page(PAGES.summary))).toContain('<a href="../../rubric/v1.html">评分细则（第1版）</a>');
    expect(footer(page(PAGES.index))).toContain('<a href="rubric/v1.html">评分细则（第1版）</a>');
  });

  it("say that Touming made the evaluation when no office is configured", () => {
    for (const file of Object.values(PAGES)) {
      expect(footer(page(file)), file).toContain("<div>本评估由透明（Touming）自动生成</div>");
      expect(page(file), file).not.toContain("发布单位");
    }
  });

  it("name the issuing office and its contact for 异议/复核, escaped; a new office renews every card", async () => {
    const summary = await publish({
      name: "示例市<script>window.__xss=1</script>政务公开科",
      contact: `0000-12345678 <img src=x onerror="alert(1)">`,
    });
    expect(summary.rendered).toBe(summary.cards);
    for (const file of Object.values(PAGES)) {
      const html = page(file);
      expect(html, file).not.toContain("<script>window.__xss");
      expect(html, file).not.toContain("<img src=x");
      expect(footer(html), file).toContain(
        "<div>发布单位：示例市&lt;script&gt;window.__xss&#x3D;1&lt;/script&gt;政务公开科；对评估结果有异议的，可联系：0000-12345678 &lt;img src&#x3D;x onerror&#x3D;&quot;alert(1)&quot;&gt; 申请复核</div>",
      );
      expect(html, file).not.toContain("本评估由透明（Touming）自动生成");
    }
  });

  it("name the office alone when it has no contact", async () => {
    await publish({ name: "示例市政务公开办公室", contact: null });
    for (const file of Object.values(PAGES))
      expect(footer(page(file)), file).toContain("<div>发布单位：示例市政务公开办公室</div>");
    expect(page(PAGES.card)).not.toContain("申请复核");
  });
});
