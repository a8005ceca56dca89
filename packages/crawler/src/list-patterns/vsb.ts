import { type ListPattern, getRequests } from "./list-pattern.js";

/** The pager of 博达 VSB sites: `pb_sys_common`, or `p_pages` with `p_no` / `p_next` spans. */
const VSB_PAGER = /class=["'][^"']*\b(?:pb_sys_common|p_pages|p_no|p_next)\b/;

/**
 * 博达 VSB: the first page is `name.htm`, the others `name/N.htm` (N counting down to 1); every
 * numbered, next and last link of the pager points at one of them. Articles live under `/info/`.
 */
export const vsbPattern: ListPattern = {
  name: "vsb",
  findNext(page) {
    if (page.json !== undefined || !VSB_PAGER.test(page.text)) return [];
    const here = new URL(page.url);
    const stem = /^(\/(?!info\/).*?)(?:\/\d+)?\.htm$/.exec(here.pathname)?.[1];
    if (!stem) return [];
    const isPage = (u: URL) =>
      u.host === here.host &&
      (u.pathname === `${stem}.htm` || new RegExp(`^${escape(stem)}/\\d+\\.htm$`).test(u.pathname));
    return getRequests(
      page.links
        .map((l) => new URL(l.url))
        .filter(isPage)
        .map((u) => u.toString()),
    );
  },
};

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
