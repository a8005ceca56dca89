import { readFileSync, writeFileSync } from "node:fs";
import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { gradeStage, loadRubric } from "@touming/grade";
import { DEFAULT_CHROMIUM, pageStyleHashes, publishStage } from "@touming/publish";
import {
  type Store,
  recordCrawlCoverage,
  recordDocumentContent,
  saveExtraction,
  upsertAgencies,
  upsertDocument,
} from "@touming/store";
import { testAgency, testStageContext, useTempDirs, useTempStore } from "@touming/testing";
import { APPLICATION_COLUMNS } from "@touming/vocabulary";
import { type Browser, type BrowserServer, type Page, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SiteServer, serveSite } from "./index.js";

// The served site in Chromium: a small world published, served, and used as a reader would: the
// search page's filters find the right cards, links lead to the card and back, no policy violation
// on the site's own pages, and an archived copy of a hostile crawled page runs nothing.

const rubric = loadRubric();
const newStore = useTempStore({ lifetime: "suite" });
const tempDir = useTempDirs({ lifetime: "suite" });
const clock = () => new Date("2025-06-01T00:00:00Z");
/** How long a page is given to run what it would run before the beacon is read (not a timing assertion). */
const SETTLE_MS = 1000;

let store: Store;
let out: string;
let site: SiteServer;
let beacon: Server;
const beaconHits: string[] = [];
let chromiumServer: BrowserServer;
let browser: Browser;

interface IndexCard {
  agencyId: string;
  agency: string;
  jurisdictionId: string;
  year: number;
  letter: string;
  state: string;
  path: string;
}

/** Values of a report whose table 三 adds up, or (with `carried` > 0) fails an identity. */
function values(carried: number) {
  return APPLICATION_COLUMNS.flatMap((col) => {
    const n = col === "natural_person" || col === "total" ? 40 : 0;
    return [
      ["apply.new_received", n],
      ["apply.carried_over", 0],
      ["apply.granted", n],
      ["apply.handled_total", n],
      ["apply.carried_forward", col === "natural_person" ? carried : 0],
    ].map(([key, value]) => ({
      key: `${key}.${col}`,
      value: value as number,
      raw: String(value),
      excerpt: "x",
    }));
  });
}

/** Two cities, a department under each; reports of 2023 and 2024, one failing; every source hostile. */
async function seedWorld(s: Store, hostile: string): Promise<void> {
  const agency = (id: string, name: string, regionCode: string, parentId: string | null) =>
    testAgency({
      id,
      name,
      regionCode,
      level: parentId ? "department" : "city",
      parentId,
      siteUrl: `http://${id}.example.gov.cn/`,
      listUrls: [],
    });
  await upsertAgencies(s.db, [
    agency("east", "东城市人民政府", "990100", null),
    agency("east-tj", "东城市统计局", "990100", "east"),
    agency("west", "西岭市人民政府", "990200", null),
    agency("west-jy", "西岭市教育局", "990200", "west"),
  ]);
  await recordCrawlCoverage(
    s.db,
    ["east", "east-tj", "west", "west-jy"].map((agencyId) => ({ agencyId, complete: true, reasons: [] })),
    () => new Date("2025-04-15T02:00:00Z"),
  );
  const reports: [string, number, number][] = [
    ["east", 2024, 0],
    ["east-tj", 2024, 0],
    ["east-tj", 2023, 3],
    ["west", 2024, 3],
    ["west-jy", 2024, 0],
  ];
  for (const [agencyId, year, carried] of reports) {
    const { id } = await upsertDocument(s.db, {
      agencyId,
      url: `http://${agencyId}.example.gov.cn/ndbg/${year}.html`,
      kind: "article",
    });
    const { sha256 } = await s.blobs.put(Buffer.from(`${hostile}<!-- ${agencyId} ${year} -->`));
    await recordDocumentContent(s.db, id, { sha256, contentType: "text/html" });
    await saveExtraction(s.db, {
      documentId: id,
      agencyId,
      year,
      title: `${agencyId} ${year}年政府信息公开工作年度报告`,
      publishDate: `${year + 1}-01-20`,
      publishDateSource: "metadata",
      format: "2021",
      text: `一、总体情况\n${year}年，本机关推进政府信息公开工作。`,
      metadata: { sourceKind: "html" },
      values: values(carried),
      sections: [{ key: "overview", title: "一、总体情况", text: "本机关推进政府信息公开工作。" }],
      checks: [],
      extractorVersion: "1",
    });
  }
}

/** Every policy violation and page error a page reports, as text. */
function watch(page: Page): string[] {
  const problems: string[] = [];
  page.on("console", (m) => {
    // The browser asks for /favicon.ico on its own; the site has none.
    if (m.type() === "error" && !m.location().url.endsWith("/favicon.ico"))
      problems.push(`${m.text()} ${m.location().url}`);
  });
  page.on("pageerror", (e) => problems.push(e.message));
  return problems;
}

const rows = (page: Page) =>
  page.$$eval("#results tbody tr", (trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent)));

beforeAll(async () => {
  beacon = createServer((req, res) => {
    beaconHits.push(`${req.method} ${req.url}`);
    res.writeHead(200, { "Content-Type": "text/plain" }).end("beacon");
  });
  await new Promise<void>((resolve) => beacon.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(beacon.address() as AddressInfo).port}`;
  const hostile = `<html><head><meta charset="utf-8"><title>原文</title><script>document.title="RAN";fetch("${origin}/script")</script><link rel="stylesheet" href="${origin}/css"><meta http-equiv="refresh" content="0;url=${origin}/refresh"></head><body><img src="${origin}/img" onerror="fetch('${origin}/onerror')"><iframe src="${origin}/frame"></iframe></body></html>`;
  store = await newStore();
  await seedWorld(store, hostile);
  const ctx = testStageContext(store, { clock }).ctx;
  await gradeStage.run(ctx, { rubric });
  out = path.join(tempDir(), "out");
  await publishStage.run(ctx, { outDir: out, rubric, generatedOn: "2025-06-01", pdf: false });
  // A copy as an earlier version published it: live HTML under archive/ (the server must keep it inert too).
  writeFileSync(path.join(out, "archive", "legacy.html"), hostile);
  site = await serveSite({ root: out, port: 0, styleHashes: pageStyleHashes() });
  chromiumServer = await chromium.launchServer({
    executablePath: DEFAULT_CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
    ],
  });
  browser = await chromium.connect(chromiumServer.wsEndpoint());
}, 120_000);

afterAll(async () => {
  await browser?.close().catch(() => {});
  await chromiumServer?.close().catch(() => {});
  await site?.close();
  await new Promise((resolve) => beacon?.close(resolve));
});

describe("the served site in Chromium", () => {
  it("finds cards by name and filters, leads to the card and back, with the policy and no violation", async () => {
    const cards = (
      JSON.parse(readFileSync(path.join(out, "search", "index.json"), "utf8")) as { cards: IndexCard[] }
    ).cards;
    const page = await browser.newPage();
    const problems = watch(page);
    const index = await page.goto(site.url);
    const policy = (await index!.allHeaders())["content-security-policy"]!;
    expect(policy).toContain("default-src 'none'; script-src 'self'");
    expect(policy).toContain("frame-ancestors 'none'");
    for (const hash of pageStyleHashes()) expect(policy).toContain(hash);
    // The layout's styles apply under the policy (by hash): the body has the layout's font.
    expect(await page.evaluate("getComputedStyle(document.body).lineHeight")).not.toBe("normal");

    await page.click("text=查找机关和评估结果");
    await page.waitForURL(/search\.html/);
    await expect.poll(() => page.textContent("#count")).toBe(`找到${cards.length}份评估`);

    await page.fill("#q", "统计局");
    const statistics = cards.filter((c) => c.agency === "东城市统计局");
    await expect.poll(async () => (await rows(page)).length).toBe(statistics.length);
    expect(new Set((await rows(page)).map((r) => r[0]))).toEqual(new Set(["东城市统计局"]));

    const target = statistics.find((c) => c.year === 2024)!;
    expect(target.state).toBe("graded");
    await page.selectOption("#year", "2024");
    await page.selectOption("#state", "graded");
    await page.selectOption("#grade", target.letter);
    await expect.poll(() => page.textContent("#count")).toBe("找到1份评估");
    expect((await rows(page))[0]!.slice(0, 4)).toEqual([
      "东城市统计局",
      "东城市人民政府",
      "2024",
      target.letter,
    ]);
    // A letter no card of that year has finds nothing.
    const other = ["A", "B", "C", "D", "F"].find((l) => l !== target.letter)!;
    await page.selectOption("#grade", other);
    await expect.poll(() => page.textContent("#count")).toBe("找到0份评估");
    await page.selectOption("#grade", target.letter);

    await page.click(`#results a`);
    await page.waitForURL(new RegExp(`${target.path.replace(/\./g, "\\.")}$`));
    expect(await page.textContent("h1")).toContain("东城市统计局");

    await page.goBack();
    await page.waitForURL(/search\.html\?/);
    expect(await page.inputValue("#q")).toBe("统计局");
    await expect.poll(() => page.textContent("#count")).toBe("找到1份评估");

    // Other filters: a jurisdiction, a level, a region.
    await page.fill("#q", "");
    for (const select of ["#year", "#state", "#grade"]) await page.selectOption(select, "");
    await page.selectOption("#jurisdiction", "west");
    await expect
      .poll(async () => (await rows(page)).length)
      .toBe(cards.filter((c) => c.jurisdictionId === "west").length);
    await page.selectOption("#jurisdiction", "");
    await page.selectOption("#level", "department");
    await page.selectOption("#region", "990200");
    await expect
      .poll(async () => new Set((await rows(page)).map((r) => r[0])))
      .toEqual(new Set(["西岭市教育局"]));

    await page.click("text=返回首页");
    await page.waitForURL(/index\.html$/);
    expect(await page.textContent("h1")).toBe("政府信息公开工作年度报告评估");

    // The feed parses as Atom where a reader would read it.
    const feedResponse = await page.request.get(new URL("feeds/all.xml", site.url).href);
    expect(feedResponse.headers()["content-type"]).toBe("application/atom+xml; charset=utf-8");
    // Parsed in the page (as a string: this package's TypeScript has no DOM types).
    const feed = await page.evaluate(`(() => {
      const doc = new DOMParser().parseFromString(${JSON.stringify(await feedResponse.text())}, "application/xml");
      return {
        error: doc.getElementsByTagName("parsererror").length > 0,
        root: doc.documentElement.namespaceURI,
        entries: doc.getElementsByTagName("entry").length,
      };
    })()`);
    expect(feed).toEqual({ error: false, root: "http://www.w3.org/2005/Atom", entries: cards.length });
    expect(problems).toEqual([]);
    await page.close();
  }, 120_000);

  it("searches from disk too (the index is in the page, the script beside it)", async () => {
    const page = await browser.newPage();
    const problems = watch(page);
    await page.goto(pathToFileURL(path.join(out, "search.html")).href);
    await page.fill("#q", "教育局");
    await expect
      .poll(async () => new Set((await rows(page)).map((r) => r[0])))
      .toEqual(new Set(["西岭市教育局"]));
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it("runs nothing of an archived copy: shown as text, or downloaded, never as a page", async () => {
    const page = await browser.newPage();
    await page.goto(new URL("cards/west/2024.html", site.url).href);
    const href = await page.getAttribute("a[href*='archive/']", "href");
    expect(href).toMatch(/archive\/[0-9a-f]{64}\.html\.txt$/);
    const response = await Promise.all([page.waitForNavigation(), page.click("a[href*='archive/']")]).then(
      ([r]) => r!,
    );
    const headers = await response.allHeaders();
    expect(headers["content-type"]).toBe("text/plain; charset=utf-8");
    expect(headers["content-security-policy"]).toMatch(/^sandbox; default-src 'none'/);
    await page.waitForTimeout(SETTLE_MS);
    expect(await page.title()).not.toBe("RAN");
    expect(await page.evaluate("document.body.textContent")).toContain('document.title="RAN"');

    // The legacy live-HTML copy is a download: no page is made of it.
    const download = page.waitForEvent("download");
    await page.goto(new URL("archive/legacy.html", site.url).href).catch(() => null);
    expect((await download).suggestedFilename()).toBe("legacy.html");
    await page.waitForTimeout(SETTLE_MS);
    expect(beaconHits).toEqual([]);
    await page.close();
  }, 60_000);
});
