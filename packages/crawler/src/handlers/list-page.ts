import { createHash } from "node:crypto";
import type { Agency } from "@touming/store";
import type { ListReading } from "../list-patterns/index.js";
import { isApiListEntry } from "../list-patterns/json-list-records.js";
import { type LinkCandidate, isAttachmentUrl } from "../page-links.js";
import { isAnnualReportTitle, namesOtherAgency, yearFromTitle } from "../report-title.js";
import { budgetReached } from "./budget-reached.js";
import { navigationHandler } from "./navigation-page.js";
import type { CrawlContext, CrawlItem, Discovered } from "./page-handler.js";

/** The entries' links that are this agency's annual reports: articles, or attachment files linked directly. */
function reportLinks(agency: Agency, entries: readonly LinkCandidate[], depth: number): Discovered[] {
  return entries
    .filter((link) => isAnnualReportTitle(link.title) && !namesOtherAgency(link.title, agency.name))
    .map((link) => ({
      url: link.url,
      kind: isAttachmentUrl(link.url) ? "attachment" : "article",
      depth: depth + 1,
      meta: {
        title: link.title,
        listedDate: link.date,
        listedDateSource: listedDateSource(link),
        year: yearFromTitle(link.title),
      },
    }));
}

/** Where an entry's date was read: a JSON list API's record (`api`) or beside a link on an HTML list (`list`). */
const listedDateSource = (link: LinkCandidate) =>
  link.date === null ? null : isApiListEntry(link) ? ("api" as const) : ("list" as const);

/**
 * What identifies a list page's entries, to tell a next page that lists the same ones again: the
 * dated links (a list's entries carry their dates; navigation does not), else every link. Null when
 * the page lists nothing.
 */
export function entriesFingerprint(entries: readonly LinkCandidate[]): string | null {
  const dated = entries.filter((e) => e.date !== null);
  const urls = [...new Set((dated.length > 0 ? dated : entries).map((e) => e.url))].sort();
  return urls.length === 0 ? null : createHash("sha256").update(urls.join("\n")).digest("hex").slice(0, 16);
}

/** The list's further pages, as many as the agency's budget allows, each knowing this page's entries. */
async function nextPages(
  crawl: CrawlContext,
  item: CrawlItem,
  reading: ListReading,
  fingerprint: string | null,
): Promise<Discovered[]> {
  const { granted, refused } = crawl.listBudget.take(
    item.agency.id,
    reading.next.map((p) => p.url),
  );
  if (refused > 0) {
    const detail = `${refused} further list pages not followed: the agency's list pages for this crawl are used up (budget ${crawl.options.maxListPages})`;
    await budgetReached(crawl, item.agency, item.url, { budget: "listPages", detail });
  }
  const followed = new Set(granted);
  const pages = reading.next.filter((p) => followed.has(p.url));
  return pages.map((p) => ({
    url: p.url,
    kind: "list",
    depth: item.depth + 1,
    meta: {
      ...(p.method === "POST" ? { method: "POST" } : {}),
      ...(fingerprint ? { previousEntries: fingerprint } : {}),
      budgeted: true,
    },
  }));
}

/**
 * A list page (a report column, one of its further pages, or a list API's answer): its report links
 * are queued, and its further pages as the list patterns find them. A next page that lists exactly
 * what the page before it listed means the pager was misread: a `pagination_repeats` finding, and
 * the list is not followed further from it. A start URL that answers an HTTP error is looked for from
 * the site root (`column_moved`).
 */
export const listPageHandler = navigationHandler({
  kind: "list",
  async read(item, page, crawl) {
    const reading = page.reading.list ?? { entries: [], next: [], failures: [] };
    for (const { pattern, message } of reading.failures) {
      await crawl.finding(
        item.agency,
        item.url,
        "list_pattern_failed",
        `list pattern ${pattern} failed: ${message}`,
      );
    }
    const links = reportLinks(item.agency, reading.entries, item.depth);
    const cap = crawl.budgets.limitsFor(item.agency).reportLinksPerList;
    if (links.length > cap) {
      const detail = `${links.length} report links on one list page; the first ${cap} queued (budget ${cap} per list page)`;
      await budgetReached(crawl, item.agency, item.url, { budget: "reportLinksPerList", detail }, true);
    }
    const discovered = links.slice(0, cap);
    const fingerprint = entriesFingerprint(reading.entries);
    if (fingerprint !== null && fingerprint === item.meta.previousEntries) {
      await crawl.finding(
        item.agency,
        item.url,
        "pagination_repeats",
        `${item.url} lists the same entries as the page before it: its paging parameter is not understood, so the list is not followed further`,
      );
      return { outcome: "listed", discovered };
    }
    return {
      outcome: "listed",
      discovered: [...discovered, ...(await nextPages(crawl, item, reading, fingerprint))],
    };
  },
  async failed(item, answer, crawl) {
    if (answer.failure !== "http" || item.depth !== 0 || !item.agency.siteUrl) return null;
    const detail = `report column answered ${answer.reason}; looking for it from the site root`;
    await crawl.finding(item.agency, item.url, "column_moved", detail);
    return {
      outcome: "failed",
      reason: answer.reason,
      discovered: [{ url: item.agency.siteUrl, kind: "site", depth: 0 }],
      attempts: answer.attempts,
    };
  },
});
