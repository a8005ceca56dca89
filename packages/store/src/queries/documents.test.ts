import { describe, expect, it } from "vitest";
import { upsertAgencies } from "./agencies.js";
import {
  addDocument,
  addFetchedDocument,
  countDocumentsToExtract,
  documentsToExtract,
  pageImagesOf,
  recordDocumentContent,
  recordDocumentFetchFailure,
  recordExtractionOutcome,
  recordPageImages,
  upsertDocument,
} from "./documents.js";
import { testAgency, useTempStore } from "../testing/index.js";

const tempStore = useTempStore();
const url = "https://www.huaian.gov.cn/art/2025/1/20/art_1_2.html";

async function withDocument() {
  const store = await tempStore();
  await upsertAgencies(store.db, [testAgency()]);
  const { id } = await upsertDocument(store.db, {
    agencyId: "huaian-city",
    url,
    kind: "article",
    title: "年报",
  });
  return { store, id };
}

describe("documents", () => {
  it("a second sighting of the same URL is the same document", async () => {
    const { store, id } = await withDocument();
    const again = await upsertDocument(store.db, {
      agencyId: "huaian-city",
      url,
      kind: "article",
      listedDate: "2025-01-20",
    });
    expect(again).toEqual({ id, created: false });
    const row = await store.db.selectFrom("documents").selectAll().executeTakeFirstOrThrow();
    expect([row.title, row.listed_date]).toEqual(["年报", "2025-01-20"]);
  });

  it("adds a document the caller found absent; added again (another writer first), its row is only touched", async () => {
    const store = await tempStore();
    await upsertAgencies(store.db, [testAgency()]);
    const sighting = { agencyId: "huaian-city", url, kind: "article" as const, title: "年报" };
    const clock = (iso: string) => () => new Date(iso);
    const first = await addDocument(store.db, sighting, clock("2025-01-20T00:00:00.000Z"));
    const again = await addDocument(
      store.db,
      { ...sighting, title: "另一个标题" },
      clock("2025-01-21T00:00:00.000Z"),
    );
    expect(again.id).toBe(first.id);
    const rows = await store.db.selectFrom("documents").selectAll().execute();
    expect(rows.map((r) => [r.id, r.title, r.first_seen_at, r.last_seen_at, r.fetch_state])).toEqual([
      [first.id, "年报", "2025-01-20T00:00:00.000Z", "2025-01-21T00:00:00.000Z", "pending"],
    ]);
  });

  it("keeps a listed date with its source: a dated sighting replaces both, an undated one keeps them", async () => {
    const { store, id } = await withDocument();
    const source = async () =>
      await store.db
        .selectFrom("documents")
        .select(["listed_date", "listed_date_source"])
        .where("id", "=", id)
        .executeTakeFirstOrThrow();
    expect(await source()).toEqual({ listed_date: null, listed_date_source: null });
    const sight = (listedDate: string | null, listedDateSource: "api" | "list" | null) =>
      upsertDocument(store.db, {
        agencyId: "huaian-city",
        url,
        kind: "article",
        listedDate,
        listedDateSource,
      });
    await sight("2025-01-24", "api");
    expect(await source()).toEqual({ listed_date: "2025-01-24", listed_date_source: "api" });
    await sight(null, "list");
    expect(await source()).toEqual({ listed_date: "2025-01-24", listed_date_source: "api" });
    await sight("2025-01-25", "list");
    expect(await source()).toEqual({ listed_date: "2025-01-25", listed_date_source: "list" });
    // A source without a date says nothing: a new document sighted so stores neither.
    const other = await upsertDocument(store.db, {
      agencyId: "huaian-city",
      url: `${url}?copy`,
      kind: "article",
      listedDateSource: "api",
    });
    const row = await store.db
      .selectFrom("documents")
      .select(["listed_date", "listed_date_source"])
      .where("id", "=", other.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ listed_date: null, listed_date_source: null });
  });

  it("new content is queued, identical content is not, changed content is queued and recorded", async () => {
    const { store, id } = await withDocument();
    const a = "a".repeat(64);
    const b = "b".repeat(64);
    expect(await recordDocumentContent(store.db, id, { sha256: a, etag: '"1"' })).toBe("new");
    expect((await documentsToExtract(store.db, { extractorVersion: "1" })).map((d) => d.id)).toEqual([id]);
    // A worker's job names its document: others are not taken, and none named is none taken.
    const only = async (documentIds: number[]) =>
      [
        (await documentsToExtract(store.db, { extractorVersion: "1", documentIds })).map((d) => d.id),
        await countDocumentsToExtract(store.db, "1", { documentIds }),
      ] as const;
    expect(await only([id])).toEqual([[id], 1]);
    expect(await only([id + 1000])).toEqual([[], 0]);
    expect(await only([])).toEqual([[], 0]);
    await recordExtractionOutcome(store.db, id, {
      state: "skipped",
      reason: "not a report",
      extractorVersion: "1",
    });
    expect(await documentsToExtract(store.db, { extractorVersion: "1" })).toEqual([]);

    expect(await recordDocumentContent(store.db, id, { sha256: a })).toBe("unchanged");
    expect(await documentsToExtract(store.db, { extractorVersion: "1" })).toEqual([]);

    expect(await recordDocumentContent(store.db, id, { sha256: b })).toBe("changed");
    expect((await documentsToExtract(store.db, { extractorVersion: "1" })).map((d) => d.id)).toEqual([id]);
    const changes = await store.db
      .selectFrom("document_changes")
      .select(["previous_sha256", "new_sha256"])
      .execute();
    expect(changes).toEqual([{ previous_sha256: a, new_sha256: b }]);
  });

  it("a document added with its content at once is the row a sighting and then its content make; a row added meanwhile is updated", async () => {
    const store = await tempStore();
    await upsertAgencies(store.db, [testAgency()]);
    const clock = () => new Date("2025-02-01T02:00:00.000Z");
    const sighting = (path: string) => ({
      agencyId: "huaian-city",
      url: `https://www.huaian.gov.cn/${path}`,
      kind: "attachment" as const,
      title: "年报.pdf",
      listedDate: "2025-01-20",
      listedDateSource: "list" as const,
      parentId: null,
    });
    const content = {
      sha256: "a".repeat(64),
      contentType: "application/pdf",
      etag: '"1"',
      lastModified: null,
    };
    const once = await addFetchedDocument(store.db, sighting("once.pdf"), content, clock);
    const { id: twoSteps } = await addDocument(store.db, sighting("two-steps.pdf"), clock);
    expect(await recordDocumentContent(store.db, twoSteps, content, clock)).toBe("new");
    expect(once.outcome).toBe("new");
    const row = async (id: number) => {
      const {
        id: _id,
        url: _url,
        ...rest
      } = await store.db.selectFrom("documents").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
      return rest;
    };
    expect(await row(once.id)).toEqual(await row(twoSteps));
    expect(await row(once.id)).toMatchObject({
      blob_sha256: content.sha256,
      fetch_state: "fetched",
      extraction_state: "pending",
      etag: '"1"',
      listed_date: "2025-01-20",
    });
    // Another writer sighted it first (no content yet), then someone fetched it again with new bytes.
    const { id: sighted } = await addDocument(store.db, sighting("sighted.pdf"), clock);
    expect(await addFetchedDocument(store.db, sighting("sighted.pdf"), content, clock)).toEqual({
      id: sighted,
      outcome: "new",
    });
    const changed = { ...content, sha256: "b".repeat(64) };
    expect(await addFetchedDocument(store.db, sighting("sighted.pdf"), changed, clock)).toEqual({
      id: sighted,
      outcome: "changed",
    });
    expect(
      await store.db
        .selectFrom("document_changes")
        .select(["document_id", "previous_sha256", "new_sha256"])
        .execute(),
    ).toEqual([{ document_id: sighted, previous_sha256: "a".repeat(64), new_sha256: "b".repeat(64) }]);
    expect(
      await store.db
        .selectFrom("documents")
        .select((eb) => eb.fn.countAll().as("n"))
        .executeTakeFirst(),
    ).toEqual({
      n: 3,
    });
  });

  it("a new extractor version re-queues documents extracted by the old one; failures are retried", async () => {
    const { store, id } = await withDocument();
    await recordDocumentContent(store.db, id, { sha256: "c".repeat(64) });
    await recordExtractionOutcome(store.db, id, {
      state: "skipped",
      reason: "not a report",
      extractorVersion: "1",
    });
    expect((await documentsToExtract(store.db, { extractorVersion: "2" })).map((d) => d.id)).toEqual([id]);
    await recordExtractionOutcome(store.db, id, {
      state: "failed",
      reason: "bad PDF",
      extractorVersion: "2",
    });
    expect((await documentsToExtract(store.db, { extractorVersion: "2" })).map((d) => d.id)).toEqual([id]);
  });

  it("pages through the backlog by id", async () => {
    const store = await tempStore();
    await upsertAgencies(store.db, [testAgency()]);
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) {
      const { id } = await upsertDocument(store.db, {
        agencyId: "huaian-city",
        url: `${url}?${i}`,
        kind: "article",
      });
      await recordDocumentContent(store.db, id, { sha256: String(i).repeat(64) });
      ids.push(id);
    }
    const page1 = await documentsToExtract(store.db, { extractorVersion: "1", limit: 2 });
    const page2 = await documentsToExtract(store.db, {
      extractorVersion: "1",
      limit: 2,
      afterId: page1.at(-1)!.id,
    });
    expect([...page1, ...page2].map((d) => d.id)).toEqual(ids.slice(0, 4));
  });

  it("a failed fetch is recorded with its reason and leaves earlier content in place", async () => {
    const { store, id } = await withDocument();
    await recordDocumentFetchFailure(store.db, id, "connect timeout after 10000 ms");
    let row = await store.db.selectFrom("documents").selectAll().executeTakeFirstOrThrow();
    expect([row.fetch_state, row.fetch_error]).toEqual(["failed", "connect timeout after 10000 ms"]);
    await recordDocumentContent(store.db, id, { sha256: "d".repeat(64) });
    await recordDocumentFetchFailure(store.db, id, "HTTP 503");
    row = await store.db.selectFrom("documents").selectAll().executeTakeFirstOrThrow();
    expect([row.fetch_state, row.blob_sha256, row.fetch_error]).toEqual([
      "fetched",
      "d".repeat(64),
      "HTTP 503",
    ]);
  });

  it("records an article's page images in page order, and renumbers them when the article changes", async () => {
    const { store, id: articleId } = await withDocument();
    const image = (n: number) => `https://www.huaian.gov.cn/images/ndbg-p${n}.jpg`;
    const record = (pages: string[]) =>
      recordPageImages(store.db, {
        agencyId: "huaian-city",
        articleId,
        pages: pages.map((u, i) => ({ url: u, title: `第${i + 1}页` })),
      });
    const pages = async () =>
      (await pageImagesOf(store.db, articleId)).map((d) => [d.url, d.page, d.kind, d.title, d.parent_id]);
    // One of them was seen before (fetched as an ordinary attachment): it keeps its row.
    const known = await upsertDocument(store.db, {
      agencyId: "huaian-city",
      url: image(2),
      kind: "attachment",
    });

    const ids = await record([image(3), image(2), image(1)]);
    expect(ids[1]).toBe(known.id);
    expect(await pages()).toEqual([
      [image(3), 1, "attachment", "第1页", articleId],
      [image(2), 2, "attachment", "第2页", articleId],
      [image(1), 3, "attachment", "第3页", articleId],
    ]);

    // Read again: a page removed and the others in a new order.
    await record([image(1), image(2)]);
    expect((await pages()).map(([u, page]) => [u, page])).toEqual([
      [image(1), 1],
      [image(2), 2],
    ]);
    const dropped = await store.db
      .selectFrom("documents")
      .select(["page", "parent_id"])
      .where("url", "=", image(3))
      .executeTakeFirstOrThrow();
    expect(dropped).toEqual({ page: null, parent_id: articleId });

    // An article that no longer is its report's page images has none.
    expect(await record([])).toEqual([]);
    expect(await pages()).toEqual([]);
  });
});
