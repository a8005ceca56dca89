import { crawlFindings } from "@touming/store";
import { describe, expect, it } from "vitest";
import { crawl } from "./crawl.js";
import { useCrawlSites } from "./testing/sample-sites.js";

const env = useCrawlSites();
const fast = { retryBaseDelayMs: 20 };

async function documents(store: Awaited<ReturnType<typeof env.store>>) {
  return store.db.selectFrom("documents").selectAll().orderBy("id").execute();
}

/** The reports the sample world publishes that a crawler may reach (robots and anti-bot excluded). */
function reachableReports() {
  const sites = env.sites();
  const blocked = new Set(sites.agencies.filter((a) => a.faults.antiBot).map((a) => a.id));
  return sites.reports.filter((r) => !blocked.has(r.agencyId) && !r.problems.includes("behind-robots"));
}

describe("crawl against the sample sites", () => {
  it("finds exactly the published reports, skips look-alikes, fetches attachments; a second run fetches nothing new", async () => {
    const store = await env.store();
    const first = await crawl({ db: store.db, blobs: store.blobs }, fast);
    const docs = await documents(store);
    const origin = (id: string) => env.sites().origins.get(id)!;
    const articles = docs
      .filter((d) => d.kind === "article")
      .map((d) => `${d.agency_id} ${d.url}`)
      .sort();
    expect(articles).toEqual(
      reachableReports()
        .map((r) => `${r.agencyId} ${origin(r.agencyId)}${r.path}`)
        .sort(),
    );
    expect(docs.some((d) => /要点|决算|报表/.test(d.title ?? ""))).toBe(false);
    expect(docs.some((d) => d.agency_id === "linjiang-mzj" && d.title?.startsWith("临江市人民政府"))).toBe(
      false,
    );

    const pdf = docs.find((d) => d.agency_id === "huaian-city" && d.kind === "attachment")!;
    expect(pdf).toMatchObject({ fetch_state: "fetched", content_type: "application/octet-stream" });
    expect((await store.blobs.get(pdf.blob_sha256!)).subarray(0, 5).toString()).toBe("%PDF-");
    expect(pdf.parent_id).toBe(docs.find((d) => d.agency_id === "huaian-city" && d.kind === "article")!.id);

    const yearless = docs.find((d) => d.title === "清河县民政局政府信息公开工作年度报告");
    expect(yearless?.fetch_state).toBe("fetched");
    expect(first.newDocuments).toBe(docs.filter((d) => d.fetch_state === "fetched").length);

    const second = await crawl({ db: store.db, blobs: store.blobs }, { ...fast, recheckAfterDays: 0 });
    expect(second).toMatchObject({
      newDocuments: 0,
      changedDocuments: 0,
      unchangedDocuments: first.newDocuments,
    });
    expect(await documents(store)).toHaveLength(docs.length);
    const changes = await store.db.selectFrom("document_changes").selectAll().execute();
    expect(changes).toEqual([]);
  });

  it("records what it could not do, with reasons: anti-bot, robots, a dead attachment", async () => {
    const store = await env.store();
    await crawl({ db: store.db, blobs: store.blobs }, fast);
    const findings = (await crawlFindings(store.db)).map((f) => [f.agency_id, f.kind]);
    expect(findings).toEqual(
      expect.arrayContaining([
        ["qinghe-czj", "blocked"],
        ["qinghe-wjj", "robots"],
        ["linjiang-jyj", "dead_attachment"],
      ]),
    );
    const blocked = (await crawlFindings(store.db, { agencyId: "qinghe-czj" }))[0]!;
    expect(blocked.detail).toBe("blocked by anti-bot challenge: 瑞数-style JavaScript challenge (HTTP 412)");
    const dead = (await documents(store)).find((d) => d.fetch_state === "failed")!;
    expect(dead.fetch_error).toMatch(/2021tjb\.pdf: the attachment link returns an HTML page \(dead link\)$/);
  });

  it("obeys robots.txt: the disallowed path is never requested", async () => {
    const store = await env.store();
    await crawl({ db: store.db, blobs: store.blobs }, fast);
    const log = env.sites().stats("qinghe-wjj").log;
    expect(log[0]).toBe("GET /robots.txt 200");
    expect(log.filter((l) => l.includes("/internal/"))).toEqual([]);
  });

  it("never exceeds the per-host concurrency (counted by the servers)", async () => {
    const store = await env.store((yaml) =>
      yaml.replace(
        "defaults:\n  crawl: { minHostDelayMs: 0,",
        "defaults:\n  crawl: { minHostDelayMs: 0, hostConcurrency: 2,",
      ),
    );
    await crawl({ db: store.db, blobs: store.blobs }, { ...fast, globalConcurrency: 16 });
    const sites = env.sites();
    const max = Math.max(...sites.agencies.map((a) => sites.stats(a.id).maxConcurrent));
    expect(max).toBeLessThanOrEqual(2);
    const store1 = await env.store();
    sites.resetStats();
    await crawl({ db: store1.db, blobs: store1.blobs }, { ...fast, globalConcurrency: 16 });
    expect(Math.max(...sites.agencies.map((a) => sites.stats(a.id).maxConcurrent))).toBe(1);
  });

  it("recovers from 5xx and connection resets by retrying, and follows a moved column's redirect chain", async () => {
    const store = await env.store();
    await crawl({ db: store.db, blobs: store.blobs }, fast);
    const log = env.sites().stats("linjiang-gaj").log;
    expect(log.filter((l) => l.endsWith(" 503")).length).toBeGreaterThan(3);
    expect(log.filter((l) => l.endsWith(" 0")).length).toBeGreaterThan(3);
    const docs = await documents(store);
    const count = (id: string) =>
      docs.filter((d) => d.agency_id === id && d.fetch_state === "fetched").length;
    expect(count("linjiang-gaj")).toBe(6);
    expect(count("linjiang-zjj")).toBe(6);
    const fetches = await store.db
      .selectFrom("fetches")
      .selectAll()
      .where("agency_id", "=", "linjiang-zjj")
      .orderBy("id")
      .execute();
    expect(fetches.find((f) => f.url.endsWith("/old/ndbg/"))?.final_url).toMatch(/\/zwgk\/ndbg\/$/);
  });

  it("finds the report column from the site root when the registry gives only the site", async () => {
    const store = await env.store();
    await crawl({ db: store.db, blobs: store.blobs }, { ...fast, agencyIds: ["longling-mzj", "wuyuan-mzj"] });
    const docs = await documents(store);
    expect(docs.map((d) => [d.agency_id, d.title])).toEqual(
      expect.arrayContaining([
        ["longling-mzj", "龙陵县民政局2016年政府信息公开工作年度报告"],
        ["wuyuan-mzj", "五原县民政局2020年政府信息公开工作年度报告"],
      ]),
    );
    expect(docs).toHaveLength(2);
  });

  it("a crawl stopped part-way resumes without refetching what is done and without duplicates", async () => {
    const store = await env.store();
    const stop = new AbortController();
    let seen = 0;
    const partial = await crawl(
      {
        db: store.db,
        blobs: store.blobs,
        signal: stop.signal,
        onEvent: (e) => {
          if (e.type === "item" && ++seen === 40) stop.abort();
        },
      },
      fast,
    );
    expect(partial.items).toBeLessThan(60);
    const sites = env.sites();
    const doneFirst = (await documents(store)).filter((d) => d.fetch_state === "fetched");
    expect(doneFirst.length).toBeGreaterThan(5);
    const resumed = await crawl({ db: store.db, blobs: store.blobs }, fast);
    expect(resumed.resumed).toBe(true);
    const docs = await documents(store);
    expect(new Set(docs.map((d) => d.url)).size).toBe(docs.length);
    expect(docs.filter((d) => d.kind === "article")).toHaveLength(reachableReports().length);
    // What the first run finished was not requested again.
    for (const doc of doneFirst) {
      const { pathname, search } = new URL(doc.url);
      const hits = sites
        .stats(doc.agency_id)
        .log.filter((l) => l.split(" ")[1] === pathname + search && !/ (503|0)$/.test(l));
      expect(hits.length, doc.url).toBe(1);
    }
  });

  it("does not request a report fetched within the recheck period; after it, asks conditionally", async () => {
    const store = await env.store();
    const sites = env.sites();
    const day = 86_400_000;
    const t0 = Date.parse("2026-02-01T02:00:00Z");
    const at = (days: number) => ({
      db: store.db,
      blobs: store.blobs,
      clock: () => new Date(t0 + days * day),
    });
    const reportRequests = () => {
      const hits = sites.agencies.flatMap((a) => {
        const paths = new Set(
          reachableReports()
            .filter((r) => r.agencyId === a.id)
            .map((r) => r.path),
        );
        return sites.stats(a.id).log.filter((l) => paths.has(l.split(" ")[1]!));
      });
      sites.resetStats();
      return hits;
    };
    const first = await crawl(at(0), fast);
    expect(reportRequests().length).toBeGreaterThanOrEqual(reachableReports().length);

    // The next day only the article whose attachment is dead is read again, to retry the attachment.
    const nextDay = await crawl(at(1), fast);
    const dead = reachableReports().find((r) => r.problems.includes("dead-attachment"))!;
    expect(reportRequests()).toEqual([`GET ${dead.path} 304`]);
    const docs = await documents(store);
    const reread = docs.filter(
      (d) => d.kind === "article" && docs.some((c) => c.parent_id === d.id && c.fetch_state !== "fetched"),
    );
    const listed = docs.filter((d) => d.fetch_state === "fetched" && d.parent_id === null);
    expect(nextDay).toMatchObject({ newDocuments: 0, recentlyVerified: listed.length - reread.length });
    expect(nextDay.requests).toBeLessThan(first.requests / 2);

    // The stored copies read back on a 304: an article's (for its attachments), never an attachment's.
    const readBack: string[] = [];
    const blobs = new Proxy(store.blobs, {
      get: (target, name, receiver) =>
        name === "get"
          ? (sha256: string) => (readBack.push(sha256), target.get(sha256))
          : Reflect.get(target, name, receiver),
    });
    const nextWeek = await crawl({ ...at(8), blobs }, fast);
    const stored = (kind: string) =>
      new Set(docs.filter((d) => d.kind === kind && d.blob_sha256).map((d) => d.blob_sha256));
    expect(readBack.filter((sha256) => stored("attachment").has(sha256))).toEqual([]);
    expect(readBack.filter((sha256) => stored("article").has(sha256)).length).toBeGreaterThan(0);
    const asked = reportRequests();
    expect(asked.length).toBeGreaterThanOrEqual(reachableReports().length);
    // Conditional GETs (the flaky host answers 503 and a reset first).
    expect(asked.filter((l) => !/ (304|503|0)$/.test(l))).toEqual([]);
    expect(nextWeek).toMatchObject({ newDocuments: 0, changedDocuments: 0, recentlyVerified: 0 });

    const always = await crawl(at(9), { ...fast, recheckAfterDays: 0 });
    expect(always.recentlyVerified).toBe(0);
    expect(reportRequests().length).toBe(asked.length);
  });

  it("a crawl stopped while it reads the frontier ends at once, every row still pending", async () => {
    const store = await env.store();
    const stop = new AbortController();
    const stopped = await crawl(
      {
        db: store.db,
        blobs: store.blobs,
        signal: stop.signal,
        // The first page of the frontier is being read when the stop arrives.
        onEvent: (e) => void (e.type === "start" && queueMicrotask(() => stop.abort())),
      },
      fast,
    );
    expect(stopped).toMatchObject({ items: 0, requests: 0 });
    const resumed = await crawl({ db: store.db, blobs: store.blobs }, fast);
    expect(resumed.resumed).toBe(true);
    expect((await documents(store)).filter((d) => d.kind === "article")).toHaveLength(
      reachableReports().length,
    );
  }, 20_000);

  it("an unknown agency id is an error naming it", async () => {
    const store = await env.store();
    await expect(crawl({ db: store.db, blobs: store.blobs }, { agencyIds: ["nope"] })).rejects.toThrow(
      "unknown agency: nope",
    );
  });
});
