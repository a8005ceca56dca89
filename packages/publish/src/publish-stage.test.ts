import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { type Store, listPublications, recordFetch } from "@touming/store";
import { fileHashes, useTempDirs, useTempStore } from "@touming/testing";
import { chromium } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { loadRubric } from "@touming/grade";
import { csvExporter } from "./exporters/csv.js";
import { outputPath } from "./output-files.js";
import type { PublishOptions } from "./publish-run.js";
import { publishStage } from "./publish-stage.js";
import { DEFAULT_CHROMIUM } from "./render/chromium-path.js";
import { csvTable, datasetFiles, jsonRecords, readOpenData } from "./testing/open-data.js";
import { XSS_NAME, gradeStore, seedStore, stageContext } from "./testing/seed-store.js";

const rubric = loadRubric();
const newStore = useTempStore({ lifetime: "suite" });
const tempDir = useTempDirs({ lifetime: "suite" });
/** Holds the output tree `out/` (and the browser test's screenshot). */
let dir: string;
let store: Store;

/** One publish run over the test store; its summary. */
const publish = async (options: PublishOptions) =>
  (await publishStage.run(stageContext(store), options)).summary;

beforeAll(async () => {
  dir = tempDir();
  store = await newStore();
  await seedStore(store);
  await gradeStore(store, rubric);
  await publish({ outDir: path.join(dir, "out"), rubric, generatedOn: "2025-06-01" });
}, 120_000);

describe("publish", () => {
  it("writes a card per graded agency-year, an F card for a missing report, summaries, index and open data", () => {
    const out = path.join(dir, "out");
    for (const f of [
      "index.html",
      "cards/bad/2024.html",
      "cards/bad/2024.pdf",
      "cards/quiet/2024.html",
      "jurisdictions/city/2024.html",
      "jurisdictions/city/2024.pdf",
      "data/grades.csv.gz",
      "data/2024/values.json.gz",
    ]) {
      expect(existsSync(path.join(out, f)), f).toBe(true);
    }
    const missing = readFileSync(path.join(out, "cards/quiet/2024.html"), "utf8");
    expect(missing).toContain("未发现年度报告");
    expect(missing).toContain('<span class="grade grade-F">F</span>');
    const summary = readFileSync(path.join(out, "jurisdictions/city/2024.html"), "utf8");
    expect(summary).toContain("示例市统计局");
    // Listed apart from the ranked table, with the reason.
    expect(summary).toMatch(
      /未发现年度报告的机关<\/h2>\n[^]*?<td><a href="..\/..\/cards\/quiet\/2024.html">示例市统计局<\/a><\/td><td>未发现年度报告：2025-04-15完整检查了年度报告栏目，未见该年度报告<\/td>/,
    );
    expect(summary).toMatch(/<td class="num">1<\/td><td><a href="..\/..\/cards\/city\/2024.html">/);
  });

  it("escapes everything that came from a crawled page", () => {
    const html = readFileSync(path.join(dir, "out/cards/bad/2024.html"), "utf8");
    expect(html).not.toContain("<script>window.__xss");
    expect(html).not.toContain("<img src=x onerror");
    expect(html).toContain("某局&lt;script&gt;window.__xss&#x3D;1&lt;/script&gt;");
  });

  it("states a failed identity in the form's own words, both sides, the difference, its cost and what to do", () => {
    const html = readFileSync(path.join(dir, "out/cards/bad/2024.html"), "utf8");
    expect(html).toMatch(/发现的问题（\d+项）及整改建议/);
    expect(html).toContain(
      '<b class="fail">−5</b> 表三「自然人」列中，「一、本年新收政府信息公开申请数量」（40）与「二、上年结转政府信息公开申请数量」（0）之和为40，「三、本年度办理结果」下「（七）总计」（40）与「四、结转下年度继续办理」（3）之和为43，两者应当相等，相差3。',
    );
    expect(html).toContain("整改建议：请核对原始台账，更正报告原文中的错误数据，并在报告中注明更正日期。");
    // The ids stay in open data, not on the card.
    expect(html).not.toContain("T3-A");
  });

  it("PDF holds real text: agency, year, grade and a Chinese sentence (pdftotext)", () => {
    const text = execFileSync("pdftotext", ["-layout", path.join(dir, "out/cards/city/2024.pdf"), "-"], {
      encoding: "utf8",
    });
    expect(text).toContain("示例市人民政府");
    expect(text).toContain("2024年政府信息公开工作年度报告");
    expect(text).toMatch(/[ABCDF]\s/);
    expect(text).toContain("评分");
    expect(text).toMatch(/第\s*1\s*\/\s*\d+\s*页/);
  });

  it("PDFs carry no local path: the archive and card links print as text, not file:// URLs", () => {
    for (const pdf of ["cards/city/2024.pdf", "cards/bad/2024.pdf", "jurisdictions/city/2024.pdf"]) {
      const file = path.join(dir, "out", pdf);
      expect(readFileSync(file).toString("latin1"), pdf).not.toContain("file:");
      const text = execFileSync("pdftotext", [file, "-"], { encoding: "utf8" });
      expect(text, pdf).not.toContain("file:");
      expect(text, pdf).not.toContain(dir);
    }
    const card = execFileSync("pdftotext", [path.join(dir, "out/cards/city/2024.pdf"), "-"], {
      encoding: "utf8",
    });
    expect(card).toContain("存档副本");
  });

  it("publishing again writes byte-identical files and records them unchanged", async () => {
    const out = path.join(dir, "out");
    const before = fileHashes(out);
    const again = await publish({ outDir: out, rubric, generatedOn: "2025-06-01" });
    expect(again.written).toBe(0);
    expect(fileHashes(out)).toEqual(before);
    const pubs = await listPublications(store.db);
    expect(pubs.find((p) => p.path === "cards/bad/2024.html")?.sha256).toBe(before["cards/bad/2024.html"]);
  });

  it("open data holds every value and check of every graded report, one JSON record per line", async () => {
    const out = path.join(dir, "out");
    const values: { agency_id: string; year: number; key: string }[] = [];
    for (const file of datasetFiles(out, "values", "json")) {
      const lines = readOpenData(out, file).split("\n");
      expect(lines[0]).toBe("[");
      expect(lines.at(-2)).toBe("]");
      const records = JSON.parse(lines.join("\n")) as typeof values;
      expect(records.length).toBe(lines.length - 3);
      // Each year's records in its year's file.
      for (const v of records) expect(`data/${v.year}/values.json.gz`).toBe(file);
      values.push(...records);
    }
    const stored = await store.db
      .selectFrom("report_values")
      .innerJoin("reports", "reports.id", "report_values.report_id")
      .select(["reports.agency_id", "reports.year", "report_values.key"])
      .execute();
    expect(values.map((v) => `${v.agency_id}/${v.year}/${v.key}`).sort()).toEqual(
      stored.map((v) => `${v.agency_id}/${v.year}/${v.key}`).sort(),
    );
    const csv = csvTable(out, "checks");
    const checks = jsonRecords(out, "checks");
    expect(csv.rows.length).toBe(checks.length);
    const storedChecks = await store.db.selectFrom("checks").select("key").execute();
    expect(checks.length).toBe(storedChecks.length);
  });

  it("grading again writes nothing; a changed report rewrites only the grades it changes", async () => {
    const stamps = async () =>
      (await store.db.selectFrom("grades").select(["agency_id", "year", "dimension", "graded_at"]).execute())
        .map((g) => `${g.agency_id}/${g.year}/${g.dimension}@${g.graded_at}`)
        .sort();
    const before = await stamps();
    const later = () => new Date("2025-06-02T00:00:00Z");
    const again = await gradeStore(store, rubric, later);
    expect([again.graded > 0, again.changed]).toEqual([true, 0]);
    expect(await stamps()).toEqual(before);

    const report = await store.db
      .selectFrom("reports")
      .select(["id", "agency_id", "year", "publish_date"])
      .where("agency_id", "=", "city")
      .executeTakeFirstOrThrow();
    await store.db
      .updateTable("reports")
      .set({ publish_date: "2026-05-30" })
      .where("id", "=", report.id)
      .execute();
    try {
      const regraded = await gradeStore(store, rubric, later);
      expect(regraded.changed).toBe(1);
      const changed = (await stamps()).filter((s) => !before.includes(s));
      expect(new Set(changed.map((s) => s.split("/").slice(0, 2).join("/")))).toEqual(
        new Set([`city/${report.year}`]),
      );
    } finally {
      await store.db
        .updateTable("reports")
        .set({ publish_date: report.publish_date })
        .where("id", "=", report.id)
        .execute();
      await gradeStore(store, rubric);
    }
  });

  it("the open data is made again only when what it is made from changed", async () => {
    const out = path.join(dir, "out");
    const quiet = await publish({
      outDir: out,
      rubric,
      generatedOn: "2025-06-01",
      pdf: false,
    });
    expect([quiet.openDataRebuilt, quiet.written]).toEqual([false, 0]);
    const before = readFileSync(path.join(out, "data/2024/values.json.gz"));
    await store.db
      .updateTable("reports")
      .set({ updated_at: "2025-06-03T00:00:00.000Z" })
      .where("agency_id", "=", "city")
      .execute();
    const touched = await publish({
      outDir: out,
      rubric,
      generatedOn: "2025-06-01",
      pdf: false,
    });
    expect([touched.openDataRebuilt, touched.written]).toEqual([true, 0]);
    expect(readFileSync(path.join(out, "data/2024/values.json.gz"))).toEqual(before);
    // Only the agency whose report was written again has its cards rendered again.
    const cityCards = await store.db
      .selectFrom("grades")
      .select("year")
      .where("agency_id", "=", "city")
      .where("dimension", "=", "total")
      .execute();
    expect([quiet.rendered, touched.rendered]).toEqual([0, cityCards.length]);
  });

  it("a missing report's grade says where the crawler looked by day: same-day crawls change nothing", async () => {
    const url = "http://quiet.example.gov.cn/ndbg/";
    const fetchAt = (iso: string) =>
      recordFetch(store.db, { agencyId: "quiet", url, status: 200 }, () => new Date(iso));
    const grade = () => gradeStore(store, rubric);
    await fetchAt("2025-05-20T01:00:00Z");
    const first = await grade();
    expect(first.changed).toBeGreaterThan(0);
    await fetchAt("2025-05-20T09:30:00Z");
    expect((await grade()).changed).toBe(0);
    await fetchAt("2025-05-21T01:00:00Z");
    expect((await grade()).changed).toBe(first.changed);
    const reason = await store.db
      .selectFrom("grades")
      .select("reason")
      .where("agency_id", "=", "quiet")
      .where("dimension", "=", "total")
      .executeTakeFirstOrThrow();
    expect(reason.reason).toBe("未发现年度报告：2025-04-15完整检查了年度报告栏目，未见该年度报告");
    await store.db.deleteFrom("fetches").where("agency_id", "=", "quiet").execute();
    await grade();
  });

  it("a card removed from out/ is written again although publications recorded it", async () => {
    const out = path.join(dir, "out");
    const card = path.join(out, "cards/bad/2024.html");
    const before = readFileSync(card);
    rmSync(card);
    const again = await publish({
      outDir: out,
      rubric,
      generatedOn: "2025-06-01",
      pdf: false,
    });
    expect(again.written).toBe(1);
    expect(readFileSync(card)).toEqual(before);
  });

  it("archives crawled HTML byte for byte as .html.txt, linked from its card; an old .html copy and a stale PDF go, with their publications rows", async () => {
    const out = path.join(dir, "out");
    const { blob_sha256: sha } = await store.db
      .selectFrom("documents")
      .select("blob_sha256")
      .where("agency_id", "=", "city")
      .executeTakeFirstOrThrow();
    const archive = path.join(out, `archive/${sha}.html.txt`);
    expect(readFileSync(archive, "utf8")).toBe("<html>city 2024</html>");
    expect(readdirSync(path.join(out, "archive")).filter((f) => !f.endsWith(".html.txt"))).toEqual([]);
    const card = path.join(out, "cards/city/2024.html");
    expect(readFileSync(card, "utf8")).toContain(
      `<a href="../../archive/${sha}.html.txt">存档副本（原文纯文本，不运行其中脚本）</a>`,
    );
    const old = path.join(out, `archive/${sha}.html`);
    writeFileSync(old, "<html>city 2024</html>");
    // A PDF of the card from an earlier run with PDFs; this run has none.
    const pdf = path.join(out, "cards/city/2024.pdf");
    writeFileSync(pdf, "%PDF-1.7");
    // A summary's PDF, recorded; a card's PDF that no row lists (a run stopped before recording it).
    const summaryPdf = path.join(out, "jurisdictions/city/2024.pdf");
    writeFileSync(summaryPdf, "%PDF-1.7");
    const unlisted = path.join(out, "cards/bad/2024.pdf");
    writeFileSync(unlisted, "%PDF-1.7");
    const published = { sha256: "0".repeat(64), bytes: 8, published_at: "2025-05-01T00:00:00.000Z" };
    await store.db
      .insertInto("publications")
      .values([
        { path: `archive/${sha}.html`, kind: "archive", agency_id: "city", year: 2024, ...published },
        { path: "cards/city/2024.pdf", kind: "card-pdf", agency_id: "city", year: 2024, ...published },
        {
          path: "jurisdictions/city/2024.pdf",
          kind: "summary-pdf",
          agency_id: null,
          year: 2024,
          ...published,
        },
      ])
      .onConflict((oc) => oc.column("path").doNothing())
      .execute();
    rmSync(card);
    rmSync(path.join(out, "cards/bad/2024.html"));
    rmSync(path.join(out, "jurisdictions/city/2024.html"));
    await publish({ outDir: out, rubric, generatedOn: "2025-06-01", pdf: false });
    expect(existsSync(old)).toBe(false);
    expect(existsSync(pdf)).toBe(false);
    expect(existsSync(summaryPdf)).toBe(false);
    expect(existsSync(unlisted)).toBe(false);
    expect(readFileSync(archive, "utf8")).toBe("<html>city 2024</html>");
    // Removed files are not listed as published any more (they were before).
    const paths = (await listPublications(store.db)).map((p) => p.path);
    expect(paths).toContain(`archive/${sha}.html.txt`);
    const gone = [
      `archive/${sha}.html`,
      "cards/city/2024.pdf",
      "jurisdictions/city/2024.pdf",
      "cards/bad/2024.pdf",
    ];
    expect(paths.filter((p) => gone.includes(p))).toEqual([]);
  });

  it("CSV starts with a UTF-8 BOM and quotes what needs quoting; paths cannot escape out/", () => {
    const csv = csvExporter.start(["a", "b"]);
    expect(csv.header() + csv.record(["x,y", '说"明']) + csv.footer()).toBe(
      '\ufeffa,b\r\n"x,y","说""明"\r\n',
    );
    expect(Buffer.from(readOpenData(path.join(dir, "out"), "data/grades.csv.gz")).subarray(0, 3)).toEqual(
      Buffer.from([0xef, 0xbb, 0xbf]),
    );
    expect(() => outputPath(dir, "cards", "..", "x.html")).toThrow(/unsafe output path segment/);
    expect(() => outputPath(dir, "cards", "a/b")).toThrow(/unsafe/);
  });
});

describe("in a browser", () => {
  it("the index links to a card showing its grade and failed check; payloads render as text", async () => {
    const server = await chromium.launchServer({
      executablePath: DEFAULT_CHROMIUM,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
      ],
    });
    const browser = await chromium.connect(server.wsEndpoint());
    try {
      const page = await browser.newPage();
      // The pages' Content-Security-Policy blocks nothing they use (inline CSS, inline SVG).
      const refused: string[] = [];
      page.on("console", (m) => {
        if (/Content Security Policy/i.test(m.text())) refused.push(m.text());
      });
      await page.goto(pathToFileURL(path.join(dir, "out/index.html")).toString());
      const rows = page.locator("tr", { hasText: "某局<script>" });
      await rows.locator("a").first().click();
      await page.waitForURL(/cards\/bad\/2024\.html$/);
      expect(await page.locator(".grade").textContent()).toMatch(/^[ABCDF]$/);
      expect(await page.locator(".findings li", { hasText: "表三" }).first().textContent()).toMatch(
        /^−5 表三「自然人」列中/,
      );
      expect(await page.locator("h1").textContent()).toBe(`${XSS_NAME} 2024年政府信息公开工作年度报告`);
      expect(await page.evaluate(() => (globalThis as unknown as { __xss?: number }).__xss)).toBeUndefined();
      await page.screenshot({ path: path.join(dir, "card.png"), fullPage: true });
      expect(statSync(path.join(dir, "card.png")).size).toBeGreaterThan(10_000);
      expect(await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute("content")).toBe(
        "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'",
      );
      // The page's look comes from the one linked stylesheet, loaded from disk.
      expect(
        await page
          .locator(".grade")
          .evaluate(
            (e) =>
              (
                globalThis as unknown as { getComputedStyle(e: unknown): { fontSize: string } }
              ).getComputedStyle(e).fontSize,
          ),
      ).toBe("40px");
      expect(refused).toEqual([]);
    } finally {
      await browser.close();
      await server.close();
    }
  }, 60_000);
});
