import { MAX_LINKS_READ } from "../page-links.js";
import type { PageJob, PageReading } from "../page-reading.js";
import { StoredCopyError } from "../stored-copy.js";
import { budgetReached } from "./budget-reached.js";
import type { CrawlContext, CrawlItem, ItemResult } from "./page-handler.js";

/**
 * A fetched page read through the crawl's page reader (off the main thread, within its time
 * budget): what was read, or how the item ends when the page cannot be read (`page_unreadable`).
 * A page with more links than are read is a `budget_links_per_page` finding.
 */
export async function readFetchedPage(
  crawl: CrawlContext,
  item: CrawlItem,
  job: PageJob,
): Promise<{ reading: PageReading } | { ended: Omit<ItemResult, "attempts"> }> {
  let reading: PageReading;
  try {
    reading = await crawl.readPage(job);
  } catch (error) {
    // A page answered 304 whose stored copy is gone or damaged: nothing to read, nothing to report.
    if (error instanceof StoredCopyError)
      return { ended: { outcome: "failed", reason: "304 without a stored copy", discovered: [] } };
    const reason = (error as Error).message;
    // Stopped: the page reader was closed under it. The item stays pending for the next crawl.
    if (crawl.signal?.aborted) return { ended: { outcome: "failed", reason: "stopped", discovered: [] } };
    await crawl.finding(item.agency, item.url, "page_unreadable", reason);
    return { ended: { outcome: "failed", reason, discovered: [] } };
  }
  if (reading.shell === null && reading.linksCapped) {
    const detail = `the page has more than ${MAX_LINKS_READ} links; only the first ${MAX_LINKS_READ} were read`;
    await budgetReached(crawl, item.agency, item.url, { budget: "linksPerPage", detail }, true);
  }
  return { reading };
}
