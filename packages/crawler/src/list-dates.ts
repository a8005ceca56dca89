/** Dates beside list entries, as HTML lists print them and as JSON list APIs send them. */

const DATE = /((?:19|20)\d{2})[-/.年](\d{1,2})[-/.月](\d{1,2})/g;
const CHINA_OFFSET_MS = 8 * 3_600_000;

/** YYYY-MM-DD when the year has that month and the month that day (not 2024-13-45, not 2023-02-29), else null. */
function calendarDay(year: string, month: string, day: string): string | null {
  const m = Number(month);
  const d = Number(day);
  if (m < 1 || m > 12 || d < 1 || d > new Date(Date.UTC(Number(year), m, 0)).getUTCDate()) return null;
  return `${year}-${month.padStart(2, "0")}-${day.padStart(2, "0")}`;
}

/**
 * The first date written in a text (2025-01-20, 2025/1/20, 2025年1月20日) as YYYY-MM-DD, or null.
 * Only a day the calendar has: a page printing 2024-13-45 prints no date.
 */
export function dateInText(text: string): string | null {
  for (const m of text.matchAll(DATE)) {
    const day = calendarDay(m[1]!, m[2]!, m[3]!);
    if (day) return day;
  }
  return null;
}

/** The calendar day in China (UTC+8, no daylight saving) of an instant; null outside 1990–2100. */
function chinaDay(ms: number): string | null {
  if (!Number.isFinite(ms)) return null;
  const day = new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 10);
  const year = Number(day.slice(0, 4));
  return year >= 1990 && year <= 2100 ? day : null;
}

/** Epoch milliseconds (13 digits) or seconds (10 digits), as list APIs send publication times. */
function epochDay(value: number): string | null {
  if (value >= 1e11) return chinaDay(value);
  if (value >= 1e8) return chinaDay(value * 1000);
  return null;
}

/**
 * A list entry's date as YYYY-MM-DD: an epoch number (ms or s), a string of one, a compact 20250120,
 * an ISO instant with a zone (read as the day in China), or any text holding a date. Null otherwise.
 *
 * ```ts
 * listDate(1737302400000); // "2025-01-20" (midnight in Beijing)
 * listDate("2025-01-20 09:30:00"); // "2025-01-20"
 * ```
 */
export function listDate(value: unknown): string | null {
  if (typeof value === "number") return epochDay(value);
  if (typeof value !== "string") return null;
  const text = value.trim();
  if (/^\d{10}$|^\d{13}$/.test(text)) return epochDay(Number(text));
  const compact = /^((?:19|20)\d{2})(\d{2})(\d{2})$/.exec(text);
  if (compact) return calendarDay(compact[1]!, compact[2]!, compact[3]!);
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/.test(text)) {
    return chinaDay(Date.parse(text));
  }
  return dateInText(text);
}
