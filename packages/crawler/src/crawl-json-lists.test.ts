import { describe, expect, it } from "vitest";
import { crawl } from "./crawl.js";
import { useCrawlSites } from "./testing/sample-sites.js";

const env = useCrawlSites();

describe("crawling columns fed by JSON list APIs", () => {
  it("pages each API by the parameter it really uses (pageNo; start + rows) and finds every report", async () => {
    const store = await env.store();
    const sites = env.sites();
    const apis = sites.agencies.filter(
      (a) => a.style === "json-api-pageno" || a.style === "json-api-start-rows",
    );
    expect(apis.map((a) => a.style).sort()).toEqual(["json-api-pageno", "json-api-start-rows"]);
    const ids = apis.map((a) => a.id);
    await crawl({ db: store.db, blobs: store.blobs }, { agencyIds: ids, retryBaseDelayMs: 20 });

    const docs = await store.db.selectFrom("documents").selectAll().where("kind", "=", "article").execute();
    const found = docs.map((d) => `${d.agency_id} ${d.url} ${d.fetch_state}`).sort();
    const published = sites.reports
      .filter((r) => ids.includes(r.agencyId))
      .map((r) => `${r.agencyId} ${sites.origins.get(r.agencyId)}${r.path} fetched`)
      .sort();
    // Each column lists six reports and three look-alikes: two pages and more.
    expect(published.length).toBe(12);
    expect(found).toEqual(published);
    const log = (id: string) => sites.stats(id).log.filter((l) => /\/(api|search)\//.test(l));
    expect(log("linjiang-jtj")).toEqual(["GET /api/ndbg/list 200", "GET /api/ndbg/list?pageNo=2 200"]);
    expect(log("linjiang-wlj")).toEqual([
      "GET /search/ndbg.json?channelid=2542&start=0&rows=5 200",
      "GET /search/ndbg.json?channelid=2542&start=5&rows=5 200",
    ]);
  });

  it("keeps the dates the APIs give (epoch milliseconds at Beijing midnight, date-time strings) as listed dates", async () => {
    const store = await env.store();
    const sites = env.sites();
    await crawl(
      { db: store.db, blobs: store.blobs },
      { agencyIds: ["linjiang-jtj", "linjiang-wlj"], retryBaseDelayMs: 20 },
    );
    const docs = await store.db.selectFrom("documents").selectAll().execute();
    expect(docs.length).toBeGreaterThan(0);
    for (const doc of docs) {
      const report = sites.reports.find((r) => `${sites.origins.get(r.agencyId)}${r.path}` === doc.url)!;
      expect(doc.listed_date, doc.url).toBe(report.publishDate);
    }
  });

  it("stores where each listed date was read: a JSON API's record (api), an HTML list beside the link (list)", async () => {
    const store = await env.store();
    const sites = env.sites();
    const agencies = { "linjiang-wjw": "api", "linjiang-fgw": "list" } as const;
    for (const id of Object.keys(agencies)) {
      expect(sites.agencies.find((a) => a.id === id)?.style).toBe(id === "linjiang-wjw" ? "json-api" : "trs");
    }
    await crawl(
      { db: store.db, blobs: store.blobs },
      { agencyIds: Object.keys(agencies), retryBaseDelayMs: 20 },
    );
    const docs = await store.db
      .selectFrom("documents")
      .select(["agency_id", "url", "kind", "listed_date", "listed_date_source"])
      .orderBy("url")
      .execute();
    const articles = docs.filter((d) => d.kind === "article");
    expect(articles.map((d) => d.agency_id).sort()).toEqual(
      sites.reports
        .filter((r) => r.agencyId in agencies)
        .map((r) => r.agencyId)
        .sort(),
    );
    for (const doc of docs) {
      const report = sites.reports.find((r) => `${sites.origins.get(r.agencyId)}${r.path}` === doc.url);
      const expected = agencies[doc.agency_id as keyof typeof agencies];
      // An attachment carries its article's listed date and source.
      if (report) expect(doc.listed_date, doc.url).toBe(report.publishDate);
      expect([doc.url, doc.listed_date_source]).toEqual([doc.url, expected]);
    }
  });
});
