import { describe, expect, it } from "vitest";
import { upsertAgencies } from "./agencies.js";
import { addDocument, documentByUrl, documentsByUrls } from "./documents.js";
import { lastStoredFetches, lastSuccessfulFetch, recordFetch } from "./fetches.js";
import { testAgency, useTempStore } from "../testing/index.js";

// What the crawler reads ahead for a batch of frontier rows: each answer as the one-row lookup gives it.
const tempStore = useTempStore();
const site = "https://www.huaian.gov.cn";

describe("documentsByUrls", () => {
  it("finds each (agency, URL) pair's document, not another agency's at the same URL, over several statements", async () => {
    const store = await tempStore();
    await upsertAgencies(store.db, [testAgency(), testAgency({ id: "qingjiang-city" })]);
    const urls = Array.from({ length: 1_200 }, (_, i) => `${site}/art/${i}.html`);
    for (const url of urls) await addDocument(store.db, { agencyId: "huaian-city", url, kind: "article" });
    await addDocument(store.db, {
      agencyId: "qingjiang-city",
      url: `${site}/shared.html`,
      kind: "attachment",
    });

    const pairs = [
      ...urls.map((url) => ({ agencyId: "huaian-city", url })),
      { agencyId: "huaian-city", url: `${site}/shared.html` },
      { agencyId: "qingjiang-city", url: urls[0]! },
      { agencyId: "qingjiang-city", url: `${site}/shared.html` },
    ];
    const found = await documentsByUrls(store.db, pairs);
    expect(found).toHaveLength(1_201);
    const byPair = new Map(found.map((d) => [`${d.agency_id} ${d.url}`, d]));
    for (const { agencyId, url } of [pairs[0]!, pairs[1_199]!, pairs[1_202]!])
      expect(byPair.get(`${agencyId} ${url}`)).toEqual(await documentByUrl(store.db, agencyId, url));
    expect(byPair.has(`huaian-city ${site}/shared.html`)).toBe(false);
    expect(byPair.has(`qingjiang-city ${urls[0]}`)).toBe(false);
    expect(await documentsByUrls(store.db, [])).toEqual([]);
  });
});

describe("lastStoredFetches", () => {
  it("gives each URL its newest 200 with a stored body, as lastSuccessfulFetch withBody does; none where there is none", async () => {
    const store = await tempStore();
    await upsertAgencies(store.db, [testAgency()]);
    const fetch = (url: string, status: number | null, sha256: string | null, etag: string | null = null) =>
      recordFetch(store.db, { agencyId: "huaian-city", url, status, sha256, etag });
    const list = `${site}/col/list.html`;
    await fetch(list, 200, "a".repeat(64), '"v1"');
    const newest = await fetch(list, 200, "b".repeat(64), '"v2"');
    await fetch(list, 304, null, '"v2"');
    await fetch(list, 500, null);
    await fetch(list, null, null);
    await fetch(`${site}/only-304.html`, 304, null, '"x"');
    await fetch(`${site}/no-body.html`, 200, null);

    const urls = [list, `${site}/only-304.html`, `${site}/no-body.html`, `${site}/never.html`];
    const found = await lastStoredFetches(store.db, urls);
    expect(found.map((f) => [f.url, f.id, f.etag, f.sha256])).toEqual([
      [list, newest, '"v2"', "b".repeat(64)],
    ]);
    expect(found[0]).toEqual(await lastSuccessfulFetch(store.db, list, { withBody: true }));
    for (const url of urls.slice(1))
      expect(await lastSuccessfulFetch(store.db, url, { withBody: true })).toBeUndefined();
    expect(await lastStoredFetches(store.db, [])).toEqual([]);
  });

  it("reads URLs beyond one statement's 128", async () => {
    const store = await tempStore();
    await upsertAgencies(store.db, [testAgency()]);
    const urls = Array.from({ length: 1_500 }, (_, i) => `${site}/col/${i}.html`);
    const rows = urls.map((url) => ({
      agency_id: "huaian-city",
      url,
      status: 200,
      sha256: "c".repeat(64),
      fetched_at: "2026-03-01T08:00:00.000Z",
    }));
    for (let i = 0; i < rows.length; i += 500)
      await store.db
        .insertInto("fetches")
        .values(rows.slice(i, i + 500))
        .execute();
    const found = await lastStoredFetches(store.db, urls);
    expect(new Set(found.map((f) => f.url))).toEqual(new Set(urls));
  });
});
