import type { ItemOutcome } from "./handlers/page-handler.js";

/** What one agency's items came to in a crawl. */
export interface AgencyCrawlSummary {
  new: number;
  changed: number;
  unchanged: number;
  failed: number;
  /** The first few reasons for its failures. */
  reasons: string[];
}

/** What a crawl did: its counts, and a row per agency. */
export interface CrawlSummary {
  /** The crawl went on from an interrupted one's frontier. */
  resumed: boolean;
  /** Requests sent (every attempt), and how many were answered 304. */
  requests: number;
  notModified: number;
  /** Frontier rows handled. */
  items: number;
  newDocuments: number;
  changedDocuments: number;
  unchangedDocuments: number;
  /** Known reports not requested because they were fetched within `recheckAfterDays`. */
  recentlyVerified: number;
  failed: number;
  blocked: number;
  /** Items refused and pages truncated because an agency reached a budget (each also a finding). */
  budgetHits: number;
  perAgency: Record<string, AgencyCrawlSummary>;
}

/** Reasons kept per agency. */
const MAX_REASONS = 5;

/** Counts every item's outcome, overall and per agency. */
export class CrawlTally {
  readonly summary: CrawlSummary;

  constructor(agencyIds: readonly string[]) {
    this.summary = {
      resumed: false,
      requests: 0,
      notModified: 0,
      items: 0,
      newDocuments: 0,
      changedDocuments: 0,
      unchangedDocuments: 0,
      recentlyVerified: 0,
      failed: 0,
      blocked: 0,
      budgetHits: 0,
      perAgency: {},
    };
    for (const id of agencyIds)
      this.summary.perAgency[id] = { new: 0, changed: 0, unchanged: 0, failed: 0, reasons: [] };
  }

  add(agencyId: string, result: { outcome: ItemOutcome; reason?: string; recentlyVerified?: boolean }): void {
    const s = this.summary;
    const a = s.perAgency[agencyId]!;
    s.items++;
    if (result.recentlyVerified) s.recentlyVerified++;
    switch (result.outcome) {
      case "new":
        s.newDocuments++;
        a.new++;
        break;
      case "changed":
        s.changedDocuments++;
        a.changed++;
        break;
      case "unchanged":
        s.unchangedDocuments++;
        a.unchanged++;
        break;
      case "failed":
      case "blocked":
        if (result.outcome === "failed") s.failed++;
        else s.blocked++;
        a.failed++;
        if (result.reason && a.reasons.length < MAX_REASONS) a.reasons.push(result.reason);
        break;
    }
  }
}
