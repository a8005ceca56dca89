import { describe, expect, it } from "vitest";
import { upsertAgencies } from "./agencies.js";
import { recordCrawlBatch } from "./crawl-batch.js";
import { addDocument } from "./documents.js";
import { crawlFindings, enqueueFrontier, frontierCounts, pendingFrontier } from "./frontier.js";
import { testAgency, useTempStore } from "../testing/index.js";

const tempStore = useTempStore();
const at = "2026-03-01T08:00:00.000Z";

describe("recordCrawlBatch", () => {
  it("writes fetches, findings, discovered URLs and ended rows in one go; a URL already queued is passed over", async () => {
    const store = await tempStore();
    await upsertAgencies(store.db, [testAgency()]);
    const [list] = await enqueueFrontier(store.db, [
      { agencyId: "huaian-city", url: "https://www.huaian.gov.cn/list", kind: "list" },
      { agencyId: "huaian-city", url: "https://www.huaian.gov.cn/a1", kind: "article" },
    ]);
    const { added } = await recordCrawlBatch(store.db, {
      fetches: [{ agencyId: "huaian-city", url: "https://www.huaian.gov.cn/list", status: 200, at }],
      findings: [
        {
          runId: null,
          agencyId: "huaian-city",
          url: "https://www.huaian.gov.cn/x",
          kind: "failed",
          detail: "d",
          at,
        },
      ],
      completions: [
        {
          id: list!.id,
          state: "done",
          attempts: 1,
          error: null,
          at,
          discovered: ["a1", "a2", "a2", "a3"].map((p) => ({
            agencyId: "huaian-city",
            url: `https://www.huaian.gov.cn/${p}`,
            kind: "article" as const,
            depth: 1,
            meta: { title: p },
          })),
        },
      ],
    });
    expect(added).toBe(2);
    expect(await frontierCounts(store.db)).toEqual({ pending: 3, done: 1, failed: 0 });
    expect((await pendingFrontier(store.db)).map((r) => [r.url.slice(-2), r.meta])).toEqual([
      ["a1", {}],
      ["a2", { title: "a2" }],
      ["a3", { title: "a3" }],
    ]);
    const fetches = await store.db.selectFrom("fetches").select(["url", "status", "fetched_at"]).execute();
    expect(fetches).toEqual([{ url: "https://www.huaian.gov.cn/list", status: 200, fetched_at: at }]);
    expect((await crawlFindings(store.db)).map((f) => [f.kind, f.created_at])).toEqual([["failed", at]]);
  });

  it("ends each row as it ended: state, attempts and error, with the time it ended", async () => {
    const store = await tempStore();
    await upsertAgencies(store.db, [testAgency()]);
    const rows = await enqueueFrontier(
      store.db,
      ["a", "b", "c"].map((p) => ({
        agencyId: "huaian-city",
        url: `https://www.huaian.gov.cn/${p}`,
        kind: "article" as const,
      })),
    );
    const end = (i: number, state: "done" | "failed", attempts: number, error: string | null) => ({
      id: rows[i]!.id,
      state,
      attempts,
      error,
      at: `2026-03-01T08:00:0${i}.000Z`,
      discovered: [],
    });
    await recordCrawlBatch(store.db, {
      fetches: [],
      findings: [],
      completions: [end(0, "done", 1, null), end(1, "failed", 3, "HTTP 503"), end(2, "done", 1, null)],
    });
    const ended = await store.db
      .selectFrom("crawl_frontier")
      .select(["state", "attempts", "last_error", "updated_at"])
      .orderBy("id")
      .execute();
    expect(ended).toEqual([
      { state: "done", attempts: 1, last_error: null, updated_at: "2026-03-01T08:00:02.000Z" },
      { state: "failed", attempts: 3, last_error: "HTTP 503", updated_at: "2026-03-01T08:00:01.000Z" },
      { state: "done", attempts: 1, last_error: null, updated_at: "2026-03-01T08:00:02.000Z" },
    ]);
  });

  it("writes nothing when one row fails: the batch is one transaction", async () => {
    const store = await tempStore();
    await upsertAgencies(store.db, [testAgency()]);
    const [row] = await enqueueFrontier(store.db, [
      { agencyId: "huaian-city", url: "https://www.huaian.gov.cn/list", kind: "list" },
    ]);
    await expect(
      recordCrawlBatch(store.db, {
        fetches: [{ agencyId: "huaian-city", url: "https://www.huaian.gov.cn/list", status: 200, at }],
        // An unknown agency breaks the foreign key.
        findings: [{ runId: null, agencyId: "nobody", url: "u", kind: "failed", detail: "d", at }],
        completions: [{ id: row!.id, state: "done", attempts: 1, error: null, at, discovered: [] }],
      }),
    ).rejects.toThrow();
    expect(await frontierCounts(store.db)).toEqual({ pending: 1, done: 0, failed: 0 });
    expect(await store.db.selectFrom("fetches").selectAll().execute()).toEqual([]);
  });

  it("inserts more rows than one statement's variables allow", async () => {
    const store = await tempStore();
    await upsertAgencies(store.db, [testAgency()]);
    const fetches = Array.from({ length: 3000 }, (_, i) => ({ url: `https://www.huaian.gov.cn/${i}`, at }));
    expect((await recordCrawlBatch(store.db, { fetches, findings: [], completions: [] })).added).toBe(0);
    const counted = await store.db
      .selectFrom("fetches")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(counted.n)).toBe(3000);
  });

  it("writes the reports first, and the URLs discovered under a report's key get its id; one sighted already is filled in", async () => {
    const store = await tempStore();
    await upsertAgencies(store.db, [testAgency()]);
    const [row] = await enqueueFrontier(store.db, [
      { agencyId: "huaian-city", url: "https://www.huaian.gov.cn/list", kind: "list" },
    ]);
    // Sighted before (a failed fetch, another writer): the batch records the content on that row.
    const sighted = await addDocument(store.db, {
      agencyId: "huaian-city",
      url: "https://www.huaian.gov.cn/a2",
      kind: "article",
    });
    const content = { sha256: "b".repeat(64), contentType: "text/html" };
    const report = (key: number, url: string) => ({
      key,
      sighting: { agencyId: "huaian-city", url, kind: "article" as const, title: "年度报告" },
      content,
      at,
    });
    const attachment = (url: string, parentDocumentId: number) => ({
      agencyId: "huaian-city",
      url,
      kind: "attachment" as const,
      parentDocumentId,
    });
    const { added, documentIds } = await recordCrawlBatch(store.db, {
      documents: [report(-1, "https://www.huaian.gov.cn/a1"), report(-2, "https://www.huaian.gov.cn/a2")],
      fetches: [],
      findings: [],
      completions: [
        {
          id: row!.id,
          state: "done",
          attempts: 1,
          error: null,
          at,
          discovered: [
            attachment("https://www.huaian.gov.cn/a1.pdf", -1),
            attachment("https://www.huaian.gov.cn/a2.pdf", -2),
            attachment("https://www.huaian.gov.cn/a3.pdf", sighted.id),
          ],
        },
      ],
    });
    expect(added).toBe(3);
    const docs = await store.db
      .selectFrom("documents")
      .select(["id", "url", "blob_sha256", "fetch_state", "first_seen_at"])
      .orderBy("id")
      .execute();
    expect(docs.map((d) => [d.url, d.blob_sha256, d.fetch_state])).toEqual([
      ["https://www.huaian.gov.cn/a2", "b".repeat(64), "fetched"],
      ["https://www.huaian.gov.cn/a1", "b".repeat(64), "fetched"],
    ]);
    expect(docs[1]!.first_seen_at).toBe(at);
    expect([...documentIds]).toEqual([
      [-1, docs[1]!.id],
      [-2, sighted.id],
    ]);
    const parents = await store.db
      .selectFrom("crawl_frontier")
      .select(["url", "parent_document_id"])
      .where("kind", "=", "attachment")
      .orderBy("url")
      .execute();
    expect(parents.map((p) => p.parent_document_id)).toEqual([docs[1]!.id, sighted.id, sighted.id]);
  });

  it("refuses a discovered URL under a key no report of the batch has, writing nothing", async () => {
    const store = await tempStore();
    await upsertAgencies(store.db, [testAgency()]);
    const [row] = await enqueueFrontier(store.db, [
      { agencyId: "huaian-city", url: "https://www.huaian.gov.cn/list", kind: "list" },
    ]);
    const discovered = [
      { agencyId: "huaian-city", url: "https://x/1.pdf", kind: "attachment" as const, parentDocumentId: -7 },
    ];
    await expect(
      recordCrawlBatch(store.db, {
        fetches: [],
        findings: [],
        completions: [{ id: row!.id, state: "done", attempts: 1, error: null, at, discovered }],
      }),
    ).rejects.toThrow("no document -7 in the batch");
    expect(await frontierCounts(store.db)).toEqual({ pending: 1, done: 0, failed: 0 });
  });
});
