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
 * JavaScript redirect shell is followed instead; its attachments are queued under it.
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
    const found = reading?.shell === null ? (reading.attachments ?? []) : [];
    const cap = crawl.budgets.limitsFor(item.agency).attachmentsPerArticle;
    if (found.length > cap) {
      const detail = `${found.length} attachments on one article; the first ${cap} queued (budget ${cap} per article)`;
      await budgetReached(crawl, item.agency, item.url, { budget: "attachmentsPerArticle", detail }, true);
    }
    return found.slice(0, cap).map((attachment) => ({
      url: attachment.url,
      kind: "attachment",
      depth: item.depth + 1,
      parentDocumentId: document.id,
      meta: {
        title: attachment.title || item.meta.title,
        listedDate: item.meta.listedDate ?? null,
        listedDateSource: item.meta.listedDateSource ?? null,
        year: item.meta.year ?? null,
      },
    }));
  },
});
