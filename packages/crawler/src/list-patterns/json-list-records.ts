import { listDate } from "../list-dates.js";
import { type LinkCandidate, resolveLink } from "../page-links.js";

type JsonObject = Record<string, unknown>;

/** A JSON list API's answer: its records, and the objects from the root down to the one holding them. */
export interface JsonList {
  records: JsonObject[];
  /** Root first, the records' holder last: where paging fields are looked for, nearest first. */
  holders: JsonObject[];
}

/** Field names as the APIs spell them, compared without case, `_` or `-`. */
export const fieldKey = (name: string) => name.toLowerCase().replace(/[_-]/g, "");

/** A list of field names (as fieldKey spells them), most telling first, from one space-separated line. */
export const fieldNames = (names: string): readonly string[] => names.split(" ");

const TITLE_FIELDS = fieldNames("title doctitle articletitle infotitle maintitle name subject");
const URL_FIELDS = fieldNames("url href link linkurl docurl docpuburl detailurl articleurl infourl pageurl");
const DATE_FIELDS = fieldNames(
  "date publishdate publishtime pubdate pubtime releasetime releasedate docreltime docdate displaypublishtime firstpublishtime firstpublishedtime publishedtime publishedat createtime createdate crtime writetime",
);
/** How deep the records may sit (`data.page.list` is three levels down). */
const MAX_DEPTH = 4;

/** A JSON object (not an array, not null). */
export const isObject = (value: unknown): value is JsonObject =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The values of the object's fields named in `names` (keys compared by fieldKey), in that order, empty ones left out. */
export function fieldValues(object: JsonObject, names: readonly string[]): unknown[] {
  const byKey = new Map(Object.entries(object).map(([k, v]) => [fieldKey(k), v]));
  return names.map((name) => byKey.get(name)).filter((v) => v !== undefined && v !== null && v !== "");
}

const field = (object: JsonObject, names: readonly string[]): unknown => fieldValues(object, names)[0];

const looksLikeRecord = (item: unknown) =>
  isObject(item) && field(item, TITLE_FIELDS) !== undefined && field(item, URL_FIELDS) !== undefined;

/**
 * The records of a JSON list answer: the first array, breadth first, whose objects carry a title and a
 * URL (`articles`, `data.list`, `response.docs`, `rows`…). Null when the answer holds none.
 */
export function findJsonList(json: unknown): JsonList | null {
  if (Array.isArray(json))
    return json.some(looksLikeRecord) ? { records: json.filter(isObject), holders: [] } : null;
  let level: JsonObject[][] = isObject(json) ? [[json]] : [];
  for (let depth = 0; depth < MAX_DEPTH && level.length > 0; depth++) {
    const next: JsonObject[][] = [];
    for (const holders of level) {
      const holder = holders.at(-1)!;
      for (const value of Object.values(holder)) {
        if (Array.isArray(value) && value.some(looksLikeRecord)) {
          return { records: value.filter(isObject), holders };
        }
        if (isObject(value)) next.push([...holders, value]);
      }
    }
    level = next;
  }
  return null;
}

/** Characters of a record's title read: a report's title is short, a hostile one need not be. */
const MAX_TITLE = 500;

/** A JSON list API's record as a list entry: its date, when it has one, is the API's publish time. */
export interface ApiListEntry extends LinkCandidate {
  dateSource: "api";
}

/** Whether a list entry came from a JSON list API's record (its date is the API's, not printed beside a link). */
export const isApiListEntry = (entry: LinkCandidate): entry is ApiListEntry =>
  (entry as Partial<ApiListEntry>).dateSource === "api";

/** The list's entries: title (tags stripped), URL resolved against the API, date from the first date field that reads as one. */
export function jsonEntries(list: JsonList, apiUrl: string): ApiListEntry[] {
  const out: ApiListEntry[] = [];
  for (const record of list.records) {
    // Capped before tags are stripped: `<[^>]+>` rescans from every "<" that no ">" follows.
    const title = String(field(record, TITLE_FIELDS) ?? "")
      .slice(0, MAX_TITLE)
      .replace(/<[^>]+>/g, "")
      .trim();
    const url = resolveLink(String(field(record, URL_FIELDS) ?? ""), apiUrl);
    if (!url || !title) continue;
    const dates = fieldValues(record, DATE_FIELDS).map(listDate);
    out.push({ url, title, date: dates.find((d) => d !== null) ?? null, dateSource: "api" });
  }
  return out;
}
