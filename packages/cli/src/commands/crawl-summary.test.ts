import type { CrawlSummary } from "@touming/crawler";
import { describe, expect, it } from "vitest";
import { crawlSummaryTable } from "./crawl-summary.js";

function summaryOf(agencies: number, busy: readonly number[]): CrawlSummary {
  const perAgency: CrawlSummary["perAgency"] = {};
  for (let i = 0; i < agencies; i++)
    perAgency[`a${i}`] = { new: busy.includes(i) ? 1 : 0, changed: 0, unchanged: 2, failed: 0, reasons: [] };
  return {
    resumed: false,
    requests: agencies * 3,
    notModified: 0,
    items: agencies * 3,
    newDocuments: busy.length,
    changedDocuments: 0,
    unchangedDocuments: agencies * 2,
    recentlyVerified: 0,
    failed: 0,
    budgetHits: 0,
    blocked: 0,
    perAgency,
  };
}

describe("crawl summary table", () => {
  it("lists every agency of a small registry", () => {
    const table = crawlSummaryTable(summaryOf(3, [1]));
    expect(table.split("\n").filter((l) => /^a\d/.test(l))).toHaveLength(3);
    expect(table).not.toContain("not listed");
  });

  it("at national scale lists only the agencies where something happened", () => {
    const table = crawlSummaryTable(summaryOf(10_000, [7, 4242]));
    expect(
      table
        .split("\n")
        .filter((l) => /^a\d/.test(l))
        .map((l) => l.split(/\s+/)[0]),
    ).toEqual(["a7", "a4242"]);
    expect(table).toContain("9998 agencies with nothing new, changed or failed are not listed\n");
    expect(table).toMatch(/30000 requests \(0 not modified\): 2 new/);
  });
});
