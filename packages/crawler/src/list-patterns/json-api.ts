import { scriptElements } from "../markup-sections.js";
import { resolveLink } from "../page-links.js";
import { findJsonList, jsonEntries } from "./json-list-records.js";
import { nextJsonPage } from "./json-list-paging.js";
import { type ListPattern, type ListPage, getRequests } from "./list-pattern.js";

/** A path literal naming an API (`/gkmlpt/api/all/2542`, `/api/ndbg/list?pageNo=1`) or a `.json` feed. */
const ENDPOINT = /["'](\/(?:[\w.-]+\/)*(?:api\/[\w/.-]+|[\w.-]+\.json)(?:\?[^"'\s<>]*)?)["']/g;

/** The API endpoints a column's scripts load their list from, as the scripts write them. */
function endpointsInScripts(page: ListPage): (string | null)[] {
  const urls: (string | null)[] = [];
  for (const script of scriptElements(page.text)) {
    for (const m of script.body.matchAll(ENDPOINT))
      urls.push(resolveLink(m[1]!.replace(/&amp;/g, "&"), page.url));
  }
  return urls;
}

function entriesOf(page: ListPage) {
  const list = page.json === undefined ? null : findJsonList(page.json);
  return list ? { list, entries: jsonEntries(list, page.url) } : null;
}

/**
 * JSON list APIs (gkmlpt and the like): a column page whose script fetches its list from an API is
 * followed to the API; an API's answer gives its records (title, URL, date) and its next page, by
 * the parameter the API really pages by (see nextJsonPage).
 */
export const jsonApiPattern: ListPattern = {
  name: "json-api",
  findEntries: (page) => entriesOf(page)?.entries ?? [],
  findNext(page) {
    if (page.json === undefined) return getRequests(endpointsInScripts(page));
    const read = entriesOf(page);
    return read ? getRequests([nextJsonPage(page.url, read.list, read.entries.length)]) : [];
  },
};
