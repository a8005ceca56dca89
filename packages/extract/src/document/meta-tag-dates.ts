import type { Element } from "domhandler";

/**
 * The meta tags that carry an article's publish date, most telling first, by `name`, `property`
 * or `itemprop` (compared without case): 政府网站 templates' PubDate, Hanweb/Ucap's
 * firstpublishedtime, publishdate, Open Graph's article:published_time, schema.org's datePublished.
 */
const NAMES = [
  "pubdate",
  "firstpublishedtime",
  "publishdate",
  "publishtime",
  "article:published_time",
  "datepublished",
];

const A_DATE = /(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/;
const CHINA_OFFSET_MS = 8 * 3_600_000;

/** An ISO instant with a zone (`2025-01-23T20:00:00Z`) is the day in China it falls on; other values as written. */
function inChina(value: string): string {
  if (!ISO_INSTANT.test(value)) return value;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 10) : value;
}

/**
 * The page's publish date from its meta tags (`$("meta")` of the page, elements of type `tag`): the
 * first tag of NAMES whose content holds a date.
 */
export function metaTagPublishDate(metas: readonly Element[]): string | undefined {
  const byName = new Map<string, string>();
  for (const el of metas) {
    const key = (el.attribs.name ?? el.attribs.property ?? el.attribs.itemprop ?? "").trim().toLowerCase();
    const content = (el.attribs.content ?? "").trim();
    if (key && content && !byName.has(key)) byName.set(key, content);
  }
  for (const name of NAMES) {
    const content = byName.get(name);
    if (content && A_DATE.test(content)) return inChina(content);
  }
  return undefined;
}
