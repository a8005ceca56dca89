import { type JsonList, fieldKey, fieldNames, isObject } from "./json-list-records.js";

// Names compared by fieldKey (no case, `_` or `-`), most telling first.
const PAGE_NAMES = fieldNames(
  "page pageno pageindex curpage currentpage pagenum pagenumber current cur pn p",
);
const OFFSET_NAMES = fieldNames("start offset from");
const SIZE_NAMES = fieldNames("pagesize rows limit size perpage length ps");
const TOTAL_NAMES = fieldNames(
  "total totalcount totalrecord totalrecords totalnum totalsize totalelements totalrows totalhits recordcount recordstotal numfound",
);
const PAGE_COUNT_NAMES = fieldNames("totalpage totalpages pagecount pages totalpagecount pagetotal");
const HAS_NEXT_NAMES = fieldNames("hasnext hasnextpage hasmore");
const IS_LAST_NAMES = fieldNames("islastpage lastpage islast last");
/** Objects beside the records that hold the paging fields (`{ list: […], page: { pageNo, totalPage } }`). */
const PAGER_NAMES = new Set(fieldNames("page pager pagination pageinfo paging pageable meta"));

/** How an API is paged: by a page number, or by the offset of the first record. */
export type JsonPaging =
  { by: "page"; param: string; current: number } | { by: "offset"; param: string; offset: number };

type Named = { key: string; value: unknown };

const wholeNumber = (value: unknown): number | undefined => {
  if (typeof value === "number" && Number.isInteger(value) && value >= 0) return value;
  if (typeof value === "string" && /^\d{1,9}$/.test(value.trim())) return Number(value);
  return undefined;
};

/** The answer's scalar fields by fieldKey, nearest to the records first (their holder, its pager, then up). */
function answerFields(list: JsonList): Map<string, Named> {
  const fields = new Map<string, Named>();
  const add = (object: Record<string, unknown>) => {
    for (const [key, value] of Object.entries(object)) {
      if (!isObject(value) && !Array.isArray(value) && !fields.has(fieldKey(key)))
        fields.set(fieldKey(key), { key, value });
    }
  };
  for (const holder of [...list.holders].reverse()) {
    add(holder);
    for (const [key, value] of Object.entries(holder))
      if (PAGER_NAMES.has(fieldKey(key)) && isObject(value)) add(value);
  }
  return fields;
}

/** The URL's query parameters by fieldKey. */
function queryFields(url: URL): Map<string, Named> {
  const fields = new Map<string, Named>();
  for (const [key, value] of url.searchParams)
    if (!fields.has(fieldKey(key))) fields.set(fieldKey(key), { key, value });
  return fields;
}

type Found = { key: string; value: number };

/** The first of `names` that `fields` holds as a whole number. */
function numberIn(fields: Map<string, Named>, names: readonly string[]): Found | undefined {
  for (const name of names) {
    const found = fields.get(name);
    const value = wholeNumber(found?.value);
    if (found && value !== undefined) return { key: found.key, value };
  }
  return undefined;
}

function flagIn(fields: Map<string, Named>, names: readonly string[]): boolean | undefined {
  for (const name of names) {
    const value = fields.get(name)?.value;
    if (typeof value === "boolean") return value;
  }
  return undefined;
}

/**
 * The parameter an API really pages by: one of the URL's that the answer echoes; else the URL's own
 * (the site's script wrote it, or an earlier page chose it); else the one the answer names
 * (`pageNo: 1`, `start: 0`); else `page`.
 */
export function jsonPaging(url: URL, list: JsonList): JsonPaging {
  const answer = answerFields(list);
  const query = queryFields(url);
  /** A URL parameter the answer echoes: its name in the URL, the value the answer gives. */
  const echoed = (names: readonly string[]): Found | undefined => {
    for (const name of names) {
      const param = query.get(name);
      const value = wholeNumber(answer.get(name)?.value);
      if (param && value !== undefined) return { key: param.key, value };
    }
    return undefined;
  };
  const byPage = (found: Found | undefined): JsonPaging | undefined =>
    found && { by: "page", param: found.key, current: found.value };
  const byOffset = (found: Found | undefined): JsonPaging | undefined =>
    found && { by: "offset", param: found.key, offset: found.value };
  return (
    byPage(echoed(PAGE_NAMES)) ??
    byOffset(echoed(OFFSET_NAMES)) ??
    byPage(numberIn(query, PAGE_NAMES) ?? numberIn(answer, PAGE_NAMES)) ??
    byOffset(numberIn(query, OFFSET_NAMES) ?? numberIn(answer, OFFSET_NAMES)) ?? {
      by: "page",
      param: "page",
      current: 1,
    }
  );
}

/**
 * The next page of a JSON list API, or null when this one is the last: the answer's `hasNext` or
 * `last` flag, else its page count, else its record total, else a page shorter than the page size
 * (or an empty one) ends the list. `entries` is how many usable records this page held.
 *
 * ```ts
 * nextJsonPage("http://x/api/list", { records, holders: [{ pageNo: 1, totalPage: 3 }] }, 10); // "http://x/api/list?pageNo=2"
 * ```
 */
export function nextJsonPage(apiUrl: string, list: JsonList, entries: number): string | null {
  const url = new URL(apiUrl);
  const paging = jsonPaging(url, list);
  const answer = answerFields(list);
  const size =
    numberIn(queryFields(url), SIZE_NAMES)?.value ?? numberIn(answer, SIZE_NAMES)?.value ?? entries;
  if (entries === 0 || !hasMore(answer, paging, entries, size)) return null;
  url.searchParams.set(
    paging.param,
    String(paging.by === "page" ? paging.current + 1 : paging.offset + size),
  );
  return url.toString();
}

function hasMore(answer: Map<string, Named>, paging: JsonPaging, entries: number, size: number): boolean {
  const hasNext = flagIn(answer, HAS_NEXT_NAMES);
  if (hasNext !== undefined) return hasNext;
  const isLast = flagIn(answer, IS_LAST_NAMES);
  if (isLast !== undefined) return !isLast;
  const pages = numberIn(answer, PAGE_COUNT_NAMES)?.value;
  if (paging.by === "page" && pages !== undefined) return paging.current < pages;
  const total = numberIn(answer, TOTAL_NAMES)?.value;
  if (total !== undefined) {
    return paging.by === "page" ? paging.current * size < total : paging.offset + entries < total;
  }
  return entries >= size;
}
