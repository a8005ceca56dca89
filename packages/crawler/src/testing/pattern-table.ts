import { describe, expect, it } from "vitest";
import { readListPage, toListPage } from "../list-patterns/index.js";
import type { ListPattern } from "../list-patterns/list-pattern.js";

/** One row of a pattern's table: a page, and what the pattern alone finds on it. */
export interface PatternCase {
  /** What the row shows. */
  name: string;
  /** Where the page was answered from. */
  url: string;
  /** The page: markup, or a JSON API's answer. */
  page: string | { json: unknown };
  /** The further pages found, in order (a POST as `{ url, method: "POST" }`). */
  next: (string | { url: string; method: "POST" })[];
  /** The entries found, `[url, title, date]`, when the row checks them. */
  entries?: [string, string, string | null][];
}

/** A table-driven test of one list pattern, run alone through readListPage as the crawl runs it. */
export function describePattern(pattern: ListPattern, cases: readonly PatternCase[]): void {
  describe(`list pattern ${pattern.name}`, () => {
    it.each(cases)("$name", (row) => {
      const page =
        typeof row.page === "string"
          ? toListPage(row.page, row.url, "text/html")
          : toListPage(JSON.stringify(row.page.json), row.url, "application/json");
      const reading = readListPage(page, [pattern]);
      expect(reading.failures).toEqual([]);
      expect(reading.next.map((r) => (r.method === "POST" ? { url: r.url, method: "POST" } : r.url))).toEqual(
        row.next,
      );
      if (row.entries) expect(reading.entries.map((e) => [e.url, e.title, e.date])).toEqual(row.entries);
    });
  });
}
