import type { LinkCandidate } from "../page-links.js";

/** A further list page to request; Hanweb's data proxy wants a POST. */
export interface NextRequest {
  url: string;
  method: "GET" | "POST";
}

/** A list page as the patterns see it: fetched, decoded, its links read once for all of them. */
export interface ListPage {
  /** Where the page was answered from (after redirects); relative links resolve against it. */
  url: string;
  /** The decoded body. */
  text: string;
  /** The body parsed, when the page is a JSON API's answer (null when it does not parse); undefined for markup. */
  json: unknown;
  /** Every link of the page (DOM, CDATA records, script templates) and every pattern's entries; empty for JSON. */
  links: readonly LinkCandidate[];
}

/**
 * How one CMS lists and pages a column: where its further pages are and, when it keeps them outside
 * the page's links, its entries. A pattern never fetches: it reads the page it is given.
 *
 * ```ts
 * const trs: ListPattern = { name: "trs", findNext: (page) => pagesOfCreatePageHtml(page) };
 * ```
 */
export interface ListPattern {
  /** Unique, kebab-case; the sample-site style that imitates the CMS has the same name. */
  readonly name: string;
  /** The list's entries this CMS sends in its own format (a JSON API's records); default none. */
  findEntries?(page: ListPage): LinkCandidate[];
  /** The further pages this CMS's pager points at (the page itself and duplicates are dropped later). */
  findNext(page: ListPage): NextRequest[];
}

/** A GET request for each URL. */
export function getRequests(urls: Iterable<string | null>): NextRequest[] {
  const out: NextRequest[] = [];
  for (const url of urls) if (url) out.push({ url, method: "GET" });
  return out;
}
