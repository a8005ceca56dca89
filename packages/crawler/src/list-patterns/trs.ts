import { resolveLink } from "../page-links.js";
import { type ListPattern, getRequests } from "./list-pattern.js";

const CREATE_PAGE_HTML = /createPageHTML\(\s*(\d+)\s*,\s*(\d+)\s*,\s*["']([\w-]+)["']\s*,\s*["'](\w+)["']/;
/** More pages than a report column ever has: a bogus count must not flood the frontier. */
const MAX_PAGES = 500;

/**
 * TRS WCM: `createPageHTML(count, current, "index", "html")` writes the pager; the pages are
 * `index.html`, `index_1.html` … `index_{count-1}.html` beside the current one.
 */
export const trsPattern: ListPattern = {
  name: "trs",
  findNext(page) {
    const call = CREATE_PAGE_HTML.exec(page.text);
    if (!call) return [];
    const count = Math.min(Number(call[1]), MAX_PAGES);
    // The current page (the second argument) is this page, whatever URL reached it.
    const current = Number(call[2]);
    const [prefix, ext] = [call[3], call[4]];
    const urls: (string | null)[] = [];
    for (let i = 0; i < count; i++) {
      if (i !== current)
        urls.push(resolveLink(i === 0 ? `${prefix}.${ext}` : `${prefix}_${i}.${ext}`, page.url));
    }
    return getRequests(urls);
  },
};
