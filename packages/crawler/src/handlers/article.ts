import { recordPageImages } from "@touming/store";
import type { PageReading } from "../page-reading.js";
import { budgetReached } from "./budget-reached.js";
import { documentHandler } from "./document-handler.js";
import type { CrawlContext, CrawlItem } from "./page-handler.js";
import { readFetchedPage } from "./page-reading-outcome.js";
import { followRedirectShell } from "./redirect-shell.js";

/** Articles read before they were stored, by body (null: could not be read), so none is read twice. */
const readBodies = new WeakMap<Uint8Array, PageReading | null>();

/** The article's reading, or null when it could not be read (a `page_unreadable` finding, once). */
async function readArticle(
  crawl: CrawlContext,
  item: CrawlItem,
  body: Uint8Array,
  contentType: string | null,
  url: string,
): Promise<PageReading | null> {
  const known = readBodies.get(body);
  if (known !== undefined) return known;
  const read = await readFetchedPage(crawl, item, { want: "article", body, contentType, url });
  const reading = "reading" in read ? read.reading : null;
  readBodies.set(body, reading);
  return reading;
}

/**
 * An article page (an HTML report, or the page an attachment hangs on): stored as a document; a
 * JavaScript redirect shell is followed instead; its attachments are queued under it. An article
 * whose body is its report's scanned pages (page images, no report file attached) has its images
 * queued as attachments instead, their page order recorded on their documents (`documents.page`).
 */
export const articleHandler = documentHandler({
  kind: "article",
  limits: (crawl) => crawl.options.pageLimits,
  async refuse(item, response, crawl) {
    const reading = await readArticle(crawl, item, response.body, response.contentType, response.finalUrl);
    // A page that cannot be read is still stored: extraction reads it under its own limits.
    if (reading === null || reading.shell === null) return null;
    return followRedirectShell(item, crawl, reading.shell, { kind: "article", meta: item.meta });
  },
  async discover(item, document, crawl) {
    const reading = await readArticle(crawl, item, document.body, document.contentType, document.url);
    const read = reading?.shell === null ? reading : null;
    const attachments = read?.attachments ?? [];
    // Scanned pages only where no report file is attached: a file's preview image is not its report.
    const pageImages = attachments.length === 0 ? (read?.pageImages ?? []) : [];
    const found = attachments.length > 0 ? attachments : pageImages;
    const cap = crawl.budgets.limitsFor(item.agency).attachmentsPerArticle;
    if (found.length > cap) {
      const what = pageImages.length > 0 ? "page images" : "attachments";
      const detail = `${found.length} ${what} on one article; the first ${cap} queued (budget ${cap} per article)`;
      await budgetReached(crawl, item.agency, item.url, { budget: "attachmentsPerArticle", detail }, true);
    }
    const queued = found.slice(0, cap);
    // The pages' order is the article's: kept on their documents for the extract stage (and cleared
    // from documents that are no longer pages of this article: an article stored for the first time
    // has none, and most articles have no pages, so most articles need no statement here).
    if (pageImages.length > 0 || !document.first)
      await recordPageImages(
        crawl.db,
        {
          agencyId: item.agency.id,
          articleId: await crawl.documentId(document.id),
          pages: pageImages
            .slice(0, cap)
            .map((p) => ({ url: p.url, title: p.title || item.meta.title || null })),
        },
        crawl.clock,
      );
    return queued.map((attachment) => ({
      url: attachment.url,
      kind: "attachment",
      depth: item.depth + 1,
      parentDocumentId: document.id,
      meta: {
        title: attachment.title || item.meta.title,
        listedDate: item.meta.listedDate ?? null,
        listedDateSource: item.meta.listedDateSource ?? null,
        year: item.meta.year ?? null,
        ...(pageImages.length > 0 ? { pageImage: true } : {}),
      },
    }));
  },
});
