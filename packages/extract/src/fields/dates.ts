import { toParseForm } from "../decode/parse-form.js";
import { parseChineseNumber } from "./numbers.js";

export interface FoundDate {
  iso: string;
  index: number;
  length: number;
}

const CN = "[〇零○Oo一二三四五六七八九十]";
const DATE_PATTERNS = [
  new RegExp(
    `(\\d{4}|${CN}{4})\\s*年\\s*(\\d{1,2}|${CN}{1,2})\\s*月\\s*(\\d{1,2}|${CN}{1,3})\\s*[日号]`,
    "g",
  ),
  /(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})(?!\d)/g,
];

function iso(year: number, month: number, day: number): string | null {
  if (year < 1990 || year > 2100 || month < 1 || month > 12 || day < 1 || day > 31) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1) return null;
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** Every full date in a text (2018年2月8日, 二〇一八年二月八日, 2018-02-08, 2018/2/8), in order. */
export function findDates(text: string): FoundDate[] {
  const parse = toParseForm(text);
  const found: FoundDate[] = [];
  for (const pattern of DATE_PATTERNS) {
    for (const m of parse.matchAll(pattern)) {
      const y = parseChineseNumber(m[1]!);
      const mo = parseChineseNumber(m[2]!);
      const d = parseChineseNumber(m[3]!);
      const date = y !== null && mo !== null && d !== null ? iso(y, mo, d) : null;
      if (date) found.push({ iso: date, index: m.index, length: m[0].length });
    }
  }
  return found.sort((a, b) => a.index - b.index);
}

/** The date if the whole line is just a date (a date line at the top or a signature date). */
export function dateLine(line: string): string | null {
  const t = line.trim();
  const [first] = findDates(t);
  if (!first) return null;
  const rest = (t.slice(0, first.index) + t.slice(first.index + first.length)).replace(
    /[\s,，。.、（）()]/g,
    "",
  );
  return rest === "" ? first.iso : null;
}
