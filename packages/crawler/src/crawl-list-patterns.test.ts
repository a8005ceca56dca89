import { crawlFindings } from "@touming/store";
import { describe, expect, it } from "vitest";
// Only the package's public interface: a CMS the crawler does not know is one ListPattern away.
import { type ListPattern, crawl, resolveCrawlOptions } from "./index.js";
import { type Routes, article, listPage, useLoopback } from "./testing/loopback-sites.js";

const loopback = useLoopback();
const fast = { retryBaseDelayMs: 20 };
const title = (year: number) => `临江市统计局${year}年政府信息公开工作年度报告`;

/** A CMS whose pager is a data attribute no built-in pattern reads: `/list/index_2.shtml`… */
const dataPagerSite: Routes = (path) => {
  const page = /^\/list\/index(?:_(\d))?\.shtml$/.exec(path);
  if (page) {
    const n = Number(page[1] ?? 1);
    const year = 2024 - n;
    return listPage(
      [{ href: `/art/${year}.shtml`, title: title(year), date: `${year + 1}-01-20` }],
      `<div class="pager" data-pages="3" data-url="/list/index_{n}.shtml"></div>`,
    );
  }
  const art = /^\/art\/(\d{4})\.shtml$/.exec(path);
  return art ? article(title(Number(art[1]))) : undefined;
};

/** Reads that pager: the pages 2 … data-pages. */
const dataPager: ListPattern = {
  name: "test-data-pager",
  findNext(page) {
    const pager = /data-pages="(\d+)" data-url="([^"]+)"/.exec(page.text);
    if (!pager) return [];
    return Array.from({ length: Number(pager[1]) - 1 }, (_, i) => ({
      url: new URL(pager[2]!.replace("{n}", String(i + 2)), page.url).toString(),
      method: "GET" as const,
    }));
  },
};

describe("list patterns through the crawl's options", () => {
  it("a pattern registered through the options pages a CMS the built-in patterns do not know", async () => {
    const site = await loopback.site(dataPagerSite);
    const agencies = [
      { id: "linjiang-tjj", name: "临江市统计局", listUrls: [`${site.origin}/list/index.shtml`] },
    ];
    const titles = async (listPatterns: ListPattern[]) => {
      const store = await loopback.store(agencies);
      await crawl({ db: store.db, blobs: store.blobs }, { ...fast, listPatterns });
      const docs = await store.db
        .selectFrom("documents")
        .select(["title", "fetch_state"])
        .orderBy("title")
        .execute();
      return docs.map((d) => `${d.title} ${d.fetch_state}`);
    };
    expect(await titles([])).toEqual([`${title(2023)} fetched`]);
    expect(await titles([dataPager])).toEqual([2021, 2022, 2023].map((y) => `${title(y)} fetched`));
    expect(site.requests.filter((r) => r.includes("/list/"))).toContain("GET /list/index_3.shtml");
  });

  it("a pattern that throws is a finding on the page; the other patterns and the crawl go on", async () => {
    const site = await loopback.site(dataPagerSite);
    const store = await loopback.store([
      { id: "linjiang-tjj", name: "临江市统计局", listUrls: [`${site.origin}/list/index.shtml`] },
    ]);
    const broken: ListPattern = {
      name: "test-broken",
      findNext: () => {
        throw new Error("no pager here");
      },
    };
    await crawl({ db: store.db, blobs: store.blobs }, { ...fast, listPatterns: [broken, dataPager] });
    const findings = (await crawlFindings(store.db)).map((f) => [f.kind, f.detail]);
    expect(findings).toEqual(
      [1, 2, 3].map(() => ["list_pattern_failed", "list pattern test-broken failed: no pager here"]),
    );
    const fetched = await store.db
      .selectFrom("documents")
      .selectAll()
      .where("fetch_state", "=", "fetched")
      .execute();
    expect(fetched).toHaveLength(3);
  });

  it("refuses a pattern whose name is taken", () => {
    expect(() => resolveCrawlOptions({ listPatterns: [{ ...dataPager, name: "trs" }] })).toThrow(
      'list pattern "trs" is registered twice (pattern names are unique)',
    );
  });
});

describe("a next page that lists what the page before it listed", () => {
  const entries = [2024, 2023, 2022, 2021, 2020].map((year) => ({
    href: `/art/${year}.html`,
    title: title(year),
    date: `${year + 1}-01-20`,
  }));
  // Both lists ignore the parameters the crawler pages them by: every page is the first.
  const repeatingSite: Routes = (path) => {
    if (path.startsWith("/api/list")) {
      const articles = entries.map((e) => ({ title: e.title, url: e.href, pubDate: e.date }));
      return { type: "application/json", body: JSON.stringify({ total: 12, articles }) };
    }
    if (path.startsWith("/html/")) return listPage(entries, `<a href="/html/?page=2">下一页</a>`);
    const art = /^\/art\/(\d{4})\.html$/.exec(path);
    return art ? article(title(Number(art[1]))) : undefined;
  };

  it("is a pagination_repeats finding naming the URL, and the list is not followed further", async () => {
    const site = await loopback.site(repeatingSite);
    const store = await loopback.store([
      { id: "api-list", name: "临江市统计局", listUrls: [`${site.origin}/api/list`] },
      { id: "html-list", name: "临江市统计局", listUrls: [`${site.origin}/html/`] },
    ]);
    await crawl({ db: store.db, blobs: store.blobs }, fast);
    const findings = (await crawlFindings(store.db)).map((f) => [f.agency_id, f.kind, f.detail]);
    const repeats = (url: string) =>
      `${url} lists the same entries as the page before it: its paging parameter is not understood, so the list is not followed further`;
    expect(findings).toEqual([
      ["api-list", "pagination_repeats", repeats(`${site.origin}/api/list?page=2`)],
      ["html-list", "pagination_repeats", repeats(`${site.origin}/html/?page=2`)],
    ]);
    expect(site.requests.filter((r) => r.includes("page=3"))).toEqual([]);
    const fetched = await store.db
      .selectFrom("documents")
      .selectAll()
      .where("fetch_state", "=", "fetched")
      .execute();
    expect(fetched).toHaveLength(10);
  });
});
