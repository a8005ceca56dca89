import { type LinkCandidate, mergeLinks, readLinks } from "../page-links.js";
import { hanwebDataproxyPattern } from "./hanweb-dataproxy.js";
import { hanwebDatastorePattern } from "./hanweb-datastore.js";
import { jsonApiPattern } from "./json-api.js";
import type { ListPage, ListPattern, NextRequest } from "./list-pattern.js";
import { nextLinkPattern } from "./next-link.js";
import { pagedPattern } from "./paged.js";
import { trsPattern } from "./trs.js";
import { vsbPattern } from "./vsb.js";

export type { ListPage, ListPattern, NextRequest } from "./list-pattern.js";

/** The CMS list patterns every crawl reads list pages with; a crawl's `listPatterns` option adds to them. */
export const LIST_PATTERNS: readonly ListPattern[] = [
  trsPattern,
  hanwebDatastorePattern,
  vsbPattern,
  nextLinkPattern,
  pagedPattern,
  hanwebDataproxyPattern,
  jsonApiPattern,
];

/** What the patterns read from one list page. */
export interface ListReading {
  /** The page's links and the patterns' entries, one per URL. */
  entries: LinkCandidate[];
  /** Further pages, one per URL, the page itself left out, in pattern order. */
  next: NextRequest[];
  /** Patterns that threw on this page, with why: the others' findings still count. */
  failures: { pattern: string; message: string }[];
}

/** A fetched list page for the patterns: JSON parsed when it is JSON, else its links read. */
export function toListPage(
  text: string,
  url: string,
  contentType: string | null,
): ListPage & { linksCapped: boolean } {
  if (!/json/i.test(contentType ?? "") && !/^\s*[[{]/.test(text)) {
    const { links, capped } = readLinks(text, url);
    return { url, text, json: undefined, links, linksCapped: capped };
  }
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    // A list API that answers something else lists nothing.
  }
  return { url, text, json, links: [], linksCapped: false };
}

/**
 * Runs every pattern over a list page: entries first (so that pagers inside embedded records count),
 * then the next pages.
 */
export function readListPage(page: ListPage, patterns: readonly ListPattern[] = LIST_PATTERNS): ListReading {
  const failures: ListReading["failures"] = [];
  const each = <T>(run: (pattern: ListPattern) => T[]): T[] =>
    patterns.flatMap((pattern) => {
      try {
        return run(pattern);
      } catch (error) {
        failures.push({ pattern: pattern.name, message: (error as Error).message });
        return [];
      }
    });
  const entries = mergeLinks([...page.links, ...each((p) => p.findEntries?.(page) ?? [])]);
  const seen = new Set([page.url]);
  const next: NextRequest[] = [];
  for (const request of each((p) => p.findNext({ ...page, links: entries }))) {
    if (seen.has(request.url)) continue;
    seen.add(request.url);
    next.push(request);
  }
  return { entries, next, failures };
}
