import { type CrawlSummary, redactSecrets } from "@touming/crawler";
import { formatTable } from "../table.js";

/**
 * What `touming crawl` prints after a crawl. Apart from crawl.ts, which defines the command, because
 * it needs the crawler (loaded only when a crawl runs).
 */

/** Agencies listed one per row; beyond this, only those with something new, changed or failed. */
const FULL_TABLE_UP_TO = 50;

export function crawlSummaryTable(summary: CrawlSummary): string {
  const all = Object.entries(summary.perAgency);
  const listed =
    all.length <= FULL_TABLE_UP_TO ? all : all.filter(([, a]) => a.new + a.changed + a.failed > 0);
  const quiet = all.length - listed.length;
  const rows = listed.map(([id, a]) => [
    id,
    String(a.new),
    String(a.changed),
    String(a.unchanged),
    String(a.failed),
    redactSecrets(a.reasons[0] ?? ""),
  ]);
  const total = `${summary.requests} requests (${summary.notModified} not modified): ${summary.newDocuments} new, ${summary.changedDocuments} changed, ${summary.unchangedDocuments} unchanged (${summary.recentlyVerified} verified recently, not requested), ${summary.failed} failed, ${summary.blocked} blocked${summary.budgetHits ? `, ${summary.budgetHits} stopped by a crawl budget (findings budget_*)` : ""}${summary.resumed ? " (resumed an interrupted crawl)" : ""}\n`;
  const note = quiet > 0 ? `${quiet} agencies with nothing new, changed or failed are not listed\n` : "";
  return (
    formatTable(["agency", "new", "changed", "unchanged", "failed", "first reason"], rows) + note + total
  );
}
