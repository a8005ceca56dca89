import type { Agency, StoredFrontierEntry } from "@touming/store";
import { articleHandler } from "./article.js";
import { budgetReached } from "./budget-reached.js";
import { attachmentHandler } from "./attachment.js";
import { listPageHandler } from "./list-page.js";
import type { CrawlContext, CrawlItem, ItemMeta, ItemResult, PageHandler } from "./page-handler.js";
import { sitePageHandler } from "./site-page.js";

/** One handler per frontier kind; an item goes to the handler of its kind. */
export const PAGE_HANDLERS: readonly PageHandler[] = [
  sitePageHandler,
  listPageHandler,
  articleHandler,
  attachmentHandler,
];

/** A frontier row as the handlers take it. */
export function crawlItem(row: StoredFrontierEntry, agency: Agency, attempt = 1): CrawlItem {
  return {
    agency,
    url: row.url,
    kind: row.kind,
    depth: row.depth,
    parentDocumentId: row.parent_document_id,
    // The store decodes the meta; what the crawler queued it with is an ItemMeta.
    meta: row.meta as ItemMeta,
    attempt,
  };
}

/**
 * Handles one item: the agency's budgets first (an item beyond one is skipped, with a finding), then
 * robots.txt (a disallowed URL is never requested, and nothing is while
 * robots.txt cannot be read), then the handler of its kind.
 */
export async function handleItem(
  item: CrawlItem,
  crawl: CrawlContext,
  handlers: readonly PageHandler[] = PAGE_HANDLERS,
): Promise<ItemResult> {
  const handler = handlers.find((h) => h.kind === item.kind);
  if (!handler) throw new Error(`no page handler for frontier kind "${item.kind}"`);
  const refused = crawl.budgets.admit(item.agency, item.url);
  if (refused) {
    await budgetReached(crawl, item.agency, item.url, refused);
    return { outcome: "skipped", reason: `budget reached: ${refused.detail}`, discovered: [], attempts: 0 };
  }
  const robots = await crawl.fetcher.robots(item.agency, item.url);
  if (!robots.allowed && robots.retryInMs !== undefined) {
    const reason = `robots.txt not read yet: ${robots.unreachable}`;
    return { outcome: "deferred", reason, discovered: [], attempts: 0, retryInMs: robots.retryInMs };
  }
  if (!robots.allowed && robots.unreachable) {
    const reason = `robots.txt unreachable: ${robots.unreachable}; not fetched until a crawl reads it`;
    await crawl.finding(item.agency, item.url, "failed", reason);
    return { outcome: "failed", reason, discovered: [], attempts: 0 };
  }
  if (!robots.allowed) {
    await crawl.finding(item.agency, item.url, "robots", "disallowed by robots.txt; not fetched");
    return { outcome: "skipped", reason: "disallowed by robots.txt", discovered: [], attempts: 0 };
  }
  return handler.handle(item, crawl);
}
