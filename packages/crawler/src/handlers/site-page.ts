import { navigationHandler } from "./navigation-page.js";
import type { Discovered } from "./page-handler.js";

const COLUMN_TEXT = /(政府信息公开年报|政府信息公开年度报告|信息公开年度报告|政务公开年报|年度报告|年报)/;
const DISCLOSURE_TEXT = /(政府信息公开|信息公开|政务公开|法定主动公开)/;
/** Report columns followed from one page, and disclosure sections looked into when it has none. */
const MAX_COLUMNS = 3;
const MAX_SECTIONS = 4;
/** How far from the site root a column is looked for. */
const MAX_DEPTH = 3;

// A column link is short (政府信息公开年报); a long title is an article in a list.
const isColumnTitle = (title: string) => COLUMN_TEXT.test(title) && title.replace(/\s+/g, "").length <= 14;

/**
 * A site page (the root, or a disclosure section): finds the annual-report column among its
 * same-host links, else the disclosure sections to look into; a `no_column` finding when neither.
 */
export const sitePageHandler = navigationHandler({
  kind: "site",
  async read(item, page, crawl) {
    const host = new URL(page.url).host;
    const links = (page.reading.links ?? []).filter((l) => new URL(l.url).host === host);
    const columns = links.filter((l) => isColumnTitle(l.title)).slice(0, MAX_COLUMNS);
    // A report column is where the crawl starts reading: its page is not charged to the list budget.
    crawl.listBudget.queueFree(
      item.agency.id,
      columns.map((c) => c.url),
    );
    const discovered: Discovered[] = columns.map((c) => ({
      url: c.url,
      kind: "list",
      depth: item.depth + 1,
    }));
    if (columns.length === 0 && item.depth < MAX_DEPTH) {
      for (const l of links
        .filter((l) => DISCLOSURE_TEXT.test(l.title) && l.title.length <= 12)
        .slice(0, MAX_SECTIONS)) {
        discovered.push({ url: l.url, kind: "site", depth: item.depth + 1 });
      }
    }
    if (discovered.length === 0) {
      await crawl.finding(item.agency, item.url, "no_column", "no annual-report column found from this page");
    }
    return { outcome: "listed", discovered };
  },
});
