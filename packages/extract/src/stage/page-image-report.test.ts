import { execFileSync } from "node:child_process";
import {
  getDocument,
  getReport,
  openStore,
  recordDocumentContent,
  recordPageImages,
  reportsOfAgencies,
  upsertAgencies,
  upsertDocument,
} from "@touming/store";
import { exampleAgency, useTempDirs } from "@touming/testing";
import { describe, expect, it } from "vitest";
import { EXTRACTOR_VERSION } from "../extract.js";
import { fixture } from "../testing/fixtures.js";
import { runExtract } from "../testing/run-extract.js";

const dir = useTempDirs();

/**
 * A page of the real 淮安市 2024 report as the JPEG a county site shows, in colour. At 200 dpi: from
 * a 150 dpi rendering OCR does not read table 三's cells (extract's business, not the stage's).
 */
const pageJpeg = (page: number): Buffer =>
  execFileSync("pdftoppm", ["-r", "200", "-jpeg", "-f", String(page), "-l", String(page), "-"], {
    input: fixture("pdf/huaian-city-2024.pdf"),
    maxBuffer: 1 << 28,
  });

const TITLE = "淮安市人民政府2024年政府信息公开工作年度报告（图片版）";
const ARTICLE_URL = "http://huaian-city.example/art/2025/1/20/art_2.html";
const image = (n: number) => `http://huaian-city.example/images/2025/ndbg-${n}.jpg`;

/** The article: its title, 发布时间 and the report's pages as images, nothing else. */
const ARTICLE = Buffer.from(
  `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${TITLE}</title>
<meta name="PubDate" content="2025-01-21 10:00"></head><body><h1>${TITLE}</h1>
<div class="article"><p><img src="${image(1)}"></p><p><img src="${image(4)}"></p></div></body></html>`,
);

/**
 * A store holding the article and its two page images, fetched: page 1 (title, agency) and page 4
 * (table 三). Page 4's document is sighted first, so document ids are not the page order.
 */
async function storeWithPageImages() {
  const store = await openStore({ dataDir: dir() });
  await upsertAgencies(store.db, [exampleAgency("huaian-city", "淮安市人民政府")]);
  const content = async (id: number, bytes: Buffer, contentType: string) => {
    const { sha256 } = await store.blobs.put(bytes);
    await recordDocumentContent(store.db, id, { sha256, contentType });
  };
  const { id: article } = await upsertDocument(store.db, {
    agencyId: "huaian-city",
    url: ARTICLE_URL,
    kind: "article",
    title: TITLE,
  });
  await content(article, ARTICLE, "text/html");
  await upsertDocument(store.db, { agencyId: "huaian-city", url: image(4), kind: "attachment" });
  const pages = await recordPageImages(store.db, {
    agencyId: "huaian-city",
    articleId: article,
    pages: [{ url: image(1) }, { url: image(4) }],
  });
  await content(pages[0]!, pageJpeg(1), "image/jpeg");
  await content(pages[1]!, pageJpeg(4), "image/jpeg");
  return { store, article, pages };
}

describe("an article whose body is its report's page images", () => {
  it("reads the images as one report in page order, saved as the article's with its title and date; the pages are read with it", async () => {
    const { store, article, pages } = await storeWithPageImages();
    try {
      expect(pages[0]).toBeGreaterThan(pages[1]!);
      const { summary, events } = await runExtract(store, { workers: 0 });
      expect(summary).toMatchObject({ documents: 3, reports: 1, skipped: 2, failed: 0 });

      const report = await getReport(store.db, "huaian-city", 2024);
      expect(report?.report).toMatchObject({
        document_id: article,
        title: TITLE,
        publish_date: "2025-01-21",
        publish_date_source: "meta-tag",
      });
      expect(report?.report.metadata).toMatchObject({ sourceKind: "image", scanned: true });
      // Table 三 is on the second page given: page 4 of the paper copy, page 2 of this report.
      const natural = report?.values.find((v) => v.key === "apply.new_received.natural_person");
      expect(natural).toMatchObject({ value: 3001, page: 2 });
      expect(natural?.ocr?.level).toMatch(/^(high|low)$/);
      expect(natural?.ocr?.confidence).toBeGreaterThan(0.5);

      // Both page images, cleaned, are kept as blobs the report names.
      const source = (await reportsOfAgencies(store.db, ["huaian-city"])).get("huaian-city")?.get(2024);
      expect(source?.document?.url).toBe(ARTICLE_URL);
      expect(source?.sourceKind).toBe("image");
      expect(source?.ocr?.pages.map((p) => p.page)).toEqual([1, 2]);
      for (const p of source!.ocr!.pages) {
        expect((await store.blobs.get(p.imageSha256)).subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
      }

      // Each page image is recorded as read with its article: not a report, not a fault.
      for (const [i, id] of pages.entries()) {
        const doc = await getDocument(store.db, id);
        expect([doc?.extraction_state, doc?.extraction_error, doc?.extractor_version]).toEqual([
          "skipped",
          `page ${i + 1} of the report read from the page images of document ${article}`,
          EXTRACTOR_VERSION,
        ]);
      }
      expect(events.filter((e) => e.level === "warn")).toEqual([]);
      expect(events.filter((e) => e.message === "page image read with its article")).toHaveLength(2);

      // A second run has nothing to do.
      expect((await runExtract(store, { workers: 0 })).summary).toMatchObject({ documents: 0, reports: 0 });
    } finally {
      await store.close();
    }
  }, 180_000);

  it("reads the article again when one of its pages changes, and when the extractor changes", async () => {
    const { store, article, pages } = await storeWithPageImages();
    try {
      await runExtract(store, { workers: 0 });
      // The site replaces page 4 with a rescan: only that page is new, the report is read again whole.
      const rescan = execFileSync(
        "pdftoppm",
        ["-r", "200", "-jpeg", "-jpegopt", "quality=70", "-f", "4", "-l", "4", "-"],
        {
          input: fixture("pdf/huaian-city-2024.pdf"),
          maxBuffer: 1 << 28,
        },
      );
      const { sha256 } = await store.blobs.put(rescan);
      expect(await recordDocumentContent(store.db, pages[1]!, { sha256, contentType: "image/jpeg" })).toBe(
        "changed",
      );
      const again = await runExtract(store, { workers: 0 });
      expect(again.summary).toMatchObject({ documents: 3, reports: 1, skipped: 2, failed: 0 });
      const report = await getReport(store.db, "huaian-city", 2024);
      expect(report?.report.document_id).toBe(article);
      expect(report?.values.find((v) => v.key === "apply.new_received.total")?.value).toBe(3119);

      await store.db.updateTable("documents").set({ extractor_version: "0" }).execute();
      expect((await runExtract(store, { workers: 0 })).summary).toMatchObject({ documents: 3, reports: 1 });
    } finally {
      await store.close();
    }
  }, 180_000);

  it("extracts the article as a page like any other while none of its page images is fetched", async () => {
    const store = await openStore({ dataDir: dir() });
    try {
      await upsertAgencies(store.db, [exampleAgency("huaian-city", "淮安市人民政府")]);
      const { id } = await upsertDocument(store.db, {
        agencyId: "huaian-city",
        url: ARTICLE_URL,
        kind: "article",
      });
      const { sha256 } = await store.blobs.put(ARTICLE);
      await recordDocumentContent(store.db, id, { sha256, contentType: "text/html" });
      await recordPageImages(store.db, {
        agencyId: "huaian-city",
        articleId: id,
        pages: [{ url: image(1) }],
      });
      const { summary } = await runExtract(store, { workers: 0 });
      expect(summary).toMatchObject({ documents: 1, reports: 0, skipped: 1 });
      expect((await getDocument(store.db, id))?.extraction_error).toMatch(/^not an annual report/);
    } finally {
      await store.close();
    }
  });
});
