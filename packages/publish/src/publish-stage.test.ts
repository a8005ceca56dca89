import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { APPLICATION_COLUMNS } from "@touming/vocabulary";
import {
  type Store,
  listPublications,
  openStore,
  recordFetch,
  recordDocumentContent,
  saveExtraction,
  upsertAgencies,
  upsertDocument,
} from "@touming/store";
import { chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runGradeStage } from "./grade-stage.js";
import { loadRubric } from "./grading/rubric.js";
import { outputPath, toCsv } from "./output-files.js";
import { DEFAULT_CHROMIUM } from "./render/pdf-renderer.js";
import { runPublishStage } from "./publish-stage.js";

const rubric = loadRubric();
const XSS_NAME = `某局<script>window.__xss=1</script>`;
const XSS_TEXT = `一、总体情况\n2024年，本局推进公开。<img src=x onerror="window.__xss=2">`;
const clock = () => new Date("2025-06-01T00:00:00Z");
let dir: string;
let store: Store;

function values(carriedForwardNatural: number) {
  const v: { key: string; value: number | null; raw: string; excerpt: string }[] = [];
  const add = (key: string, value: number) => v.push({ key, value, raw: String(value), excerpt: key });
  for (const col of APPLICATION_COLUMNS) {
    const n = col === "natural_person" ? 40 : col === "total" ? 40 : 0;
    add(`apply.new_received.${col}`, n);
    add(`apply.carried_over.${col}`, 0);
    add(`apply.granted.${col}`, n);
    add(`apply.handled_total.${col}`, n);
    add(`apply.carried_forward.${col}`, col === "natural_person" ? carriedForwardNatural : 0);
  }
  return v;
}

async function seed(): Promise<void> {
  await upsertAgencies(store.db, [
    {
      id: "city",
      name: "示例市人民政府",
      regionCode: "990100",
      level: "city",
      parentId: null,
      siteUrl: "http://city.example.gov.cn/",
      listUrls: [],
      deadlineOverride: null,
      crawlOptions: {},
    },
    {
      id: "bad",
      name: XSS_NAME,
      regionCode: "990100",
      level: "department",
      parentId: "city",
      siteUrl: "http://bad.example.gov.cn/",
      listUrls: [],
      deadlineOverride: null,
      crawlOptions: {},
    },
    {
      id: "quiet",
      name: "示例市统计局",
      regionCode: "990100",
      level: "department",
      parentId: "city",
      siteUrl: "http://tj.example.gov.cn/",
      listUrls: [],
      deadlineOverride: null,
      crawlOptions: {},
    },
  ]);
  for (const [agencyId, year, cf] of [
    ["bad", 2023, 0],
    ["bad", 2024, 3],
    ["city", 2024, 0],
  ] as const) {
    const { id } = await upsertDocument(store.db, {
      agencyId,
      url: `http://${agencyId}.example.gov.cn/ndbg/${year}.html`,
      kind: "article",
    });
    const { sha256 } = await store.blobs.put(Buffer.from(`<html>${agencyId} ${year}</html>`));
    await recordDocumentContent(store.db, id, { sha256, contentType: "text/html" });
    await saveExtraction(store.db, {
      documentId: id,
      agencyId,
      year,
      title: `${agencyId} ${year}年政府信息公开工作年度报告`,
      publishDate: `${year + 1}-01-20`,
      publishDateSource: "metadata",
      format: "2021",
      text: `${XSS_TEXT}${year}`,
      metadata: { sourceKind: "html" },
      values: values(cf),
      sections: [{ key: "overview", title: "一、总体情况", text: XSS_TEXT }],
      checks:
        cf === 0
          ? [{ key: "T3-A:natural_person", severity: "hard", status: "pass", left: "x", right: "x" }]
          : [
              {
                key: "T3-A:natural_person",
                severity: "hard",
                status: "fail",
                left: "new_received + carried_over = 40 + 0 = 40",
                right: "handled_total + carried_forward = 40 + 3 = 43",
                message: "T3-A fails for natural_person: 40 ≠ 43",
              },
            ],
      extractorVersion: "1",
    });
  }
}

const hashes = (root: string) => {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const f of readdirSync(d)) {
      const p = path.join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else out[path.relative(root, p)] = createHash("sha256").update(readFileSync(p)).digest("hex");
    }
  };
  walk(root);
  return out;
};

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "touming-publish-"));
  store = await openStore({ dataDir: path.join(dir, "data") });
  await seed();
  await runGradeStage(store.db, rubric, clock);
  await runPublishStage(store, { outDir: path.join(dir, "out"), rubric, generatedOn: "2025-06-01" });
}, 120_000);
afterAll(async () => {
  await store.close();
  if (!process.env.KEEP) rmSync(dir, { recursive: true, force: true });
});

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
      "data/grades.csv",
      "data/values.json",
    ]) {
      expect(existsSync(path.join(out, f)), f).toBe(true);
    }
    const missing = readFileSync(path.join(out, "cards/quiet/2024.html"), "utf8");
    expect(missing).toContain("未发现年度报告");
    expect(missing).toContain('<span class="grade grade-F">F</span>');
    const summary = readFileSync(path.join(out, "jurisdictions/city/2024.html"), "utf8");
    expect(summary).toContain("示例市统计局");
    expect(summary).toMatch(
      /未发现年度报告的机关<\/h2>\n<ul><li><a href="..\/..\/cards\/quiet\/2024.html">示例市统计局<\/a>/,
    );
  });

  it("escapes everything that came from a crawled page", () => {
    const html = readFileSync(path.join(dir, "out/cards/bad/2024.html"), "utf8");
    expect(html).not.toContain("<script>window.__xss");
    expect(html).not.toContain("<img src=x onerror");
    expect(html).toContain("某局&lt;script&gt;window.__xss&#x3D;1&lt;/script&gt;");
  });

  it("lists a failed identity with both sides of the equation", () => {
    const html = readFileSync(path.join(dir, "out/cards/bad/2024.html"), "utf8");
    expect(html.replaceAll("&#x3D;", "=")).toContain(
      "<td>T3-A:natural_person</td><td>new_received + carried_over = 40 + 0 = 40</td><td>handled_total + carried_forward = 40 + 3 = 43</td>",
    );
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

  it("publishing again writes byte-identical files and records them unchanged", async () => {
    const out = path.join(dir, "out");
    const before = hashes(out);
    const again = await runPublishStage(store, { outDir: out, rubric, generatedOn: "2025-06-01" });
    expect(again.written).toBe(0);
    expect(hashes(out)).toEqual(before);
    const pubs = await listPublications(store.db);
    expect(pubs.find((p) => p.path === "cards/bad/2024.html")?.sha256).toBe(before["cards/bad/2024.html"]);
  });

  it("open data holds every value and check of every graded report, one JSON record per line", async () => {
    const out = path.join(dir, "out");
    const lines = readFileSync(path.join(out, "data/values.json"), "utf8").split("\n");
    expect(lines[0]).toBe("[");
    expect(lines.at(-2)).toBe("]");
    const values = JSON.parse(lines.join("\n")) as { agency_id: string; year: number; key: string }[];
    const stored = await store.db
      .selectFrom("report_values")
      .innerJoin("reports", "reports.id", "report_values.report_id")
      .select(["reports.agency_id", "reports.year", "report_values.key"])
      .execute();
    expect(values.length).toBe(lines.length - 3);
    expect(values.map((v) => `${v.agency_id}/${v.year}/${v.key}`).sort()).toEqual(
      stored.map((v) => `${v.agency_id}/${v.year}/${v.key}`).sort(),
    );
    const csv = readFileSync(path.join(out, "data/checks.csv"), "utf8").trimEnd().split("\r\n");
    const checks = JSON.parse(readFileSync(path.join(out, "data/checks.json"), "utf8")) as unknown[];
    expect(csv.length - 1).toBe(checks.length);
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
    const again = await runGradeStage(store.db, rubric, later);
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
      const regraded = await runGradeStage(store.db, rubric, later);
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
      await runGradeStage(store.db, rubric, clock);
    }
  });

  it("the open data is made again only when what it is made from changed", async () => {
    const out = path.join(dir, "out");
    const quiet = await runPublishStage(store, {
      outDir: out,
      rubric,
      generatedOn: "2025-06-01",
      pdf: false,
    });
    expect([quiet.openDataRebuilt, quiet.written]).toEqual([false, 0]);
    const before = readFileSync(path.join(out, "data/values.json"));
    await store.db
      .updateTable("reports")
      .set({ updated_at: "2025-06-03T00:00:00.000Z" })
      .where("agency_id", "=", "city")
      .execute();
    const touched = await runPublishStage(store, {
      outDir: out,
      rubric,
      generatedOn: "2025-06-01",
      pdf: false,
    });
    expect([touched.openDataRebuilt, touched.written]).toEqual([true, 0]);
    expect(readFileSync(path.join(out, "data/values.json"))).toEqual(before);
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
    const grade = () => runGradeStage(store.db, rubric, clock);
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
    expect(reason.reason).toMatch(/^F /);
    await store.db.deleteFrom("fetches").where("agency_id", "=", "quiet").execute();
    await grade();
  });

  it("a card removed from out/ is written again although publications recorded it", async () => {
    const out = path.join(dir, "out");
    const card = path.join(out, "cards/bad/2024.html");
    const before = readFileSync(card);
    rmSync(card);
    const again = await runPublishStage(store, {
      outDir: out,
      rubric,
      generatedOn: "2025-06-01",
      pdf: false,
    });
    expect(again.written).toBe(1);
    expect(readFileSync(card)).toEqual(before);
  });

  it("CSV starts with a UTF-8 BOM and quotes what needs quoting; paths cannot escape out/", () => {
    expect(toCsv(["a", "b"], [["x,y", '说"明']])).toBe('\ufeffa,b\r\n"x,y","说""明"\r\n');
    expect(readFileSync(path.join(dir, "out/data/grades.csv")).subarray(0, 3)).toEqual(
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
      await page.goto(pathToFileURL(path.join(dir, "out/index.html")).toString());
      const rows = page.locator("tr", { hasText: "某局<script>" });
      await rows.locator("a").first().click();
      await page.waitForURL(/cards\/bad\/2024\.html$/);
      expect(await page.locator(".grade").textContent()).toMatch(/^[ABCDF]$/);
      expect(await page.locator("tr.fail td").first().textContent()).toBe("T3-A:natural_person");
      expect(await page.locator("h1").textContent()).toBe(`${XSS_NAME} 2024年政府信息公开工作年度报告`);
      expect(await page.evaluate(() => (globalThis as unknown as { __xss?: number }).__xss)).toBeUndefined();
      await page.screenshot({ path: path.join(dir, "card.png"), fullPage: true });
      expect(statSync(path.join(dir, "card.png")).size).toBeGreaterThan(10_000);
    } finally {
      await browser.close();
      await server.close();
    }
  }, 60_000);
});
