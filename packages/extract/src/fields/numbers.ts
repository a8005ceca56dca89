import { toParseForm } from "../decode/parse-form.js";

export type CellValue =
  | { kind: "number"; value: number; unit?: string }
  | { kind: "blank" }
  | { kind: "not_applicable"; raw: string }
  | { kind: "text" };

const UNIT = "(万元|元|件次|人次|件|条|项|个|次|家|人|%)";
const NUMBER_CELL = new RegExp(`^([-+]?\\d{1,3}(?:,\\d{3})+|[-+]?\\d+)(\\.\\d+)?${UNIT}?$`);
const NOT_APPLICABLE = /^(\/|／|—+|-+|–|无|\\|×|不适用)$/;

/**
 * A table cell as a value. Blank (nothing printed), 0 and a not-applicable mark ("/", "—", "无")
 * are three different things and stay distinct.
 */
export function parseCell(text: string): CellValue {
  if (text.length > CACHED_CELL_CHARS) return Object.freeze(readCell(text));
  let parsed = parsedCells.get(text);
  if (parsed === undefined) {
    if (parsedCells.size >= PARSED_CELLS_KEPT) parsedCells.clear();
    parsed = Object.freeze(readCell(text));
    parsedCells.set(text, parsed);
  }
  return parsed;
}

/**
 * Cells already read, by text: a report's tables repeat the same few texts ("0", "", "/"), and
 * each table is read by more than one reader. Emptied when full, so it stays small.
 */
const parsedCells = new Map<string, Readonly<CellValue>>();
const PARSED_CELLS_KEPT = 4096;
/** Longer cells are read without the cache (a value or a mark is short; a long cell is text), so it never holds much. */
const CACHED_CELL_CHARS = 40;

function readCell(text: string): CellValue {
  const t = toParseForm(text).replace(/\s+/g, "");
  if (t === "") return { kind: "blank" };
  if (NOT_APPLICABLE.test(t)) return { kind: "not_applicable", raw: text.trim() };
  const m = NUMBER_CELL.exec(t);
  if (!m) return { kind: "text" };
  const value = Number(m[1]!.replace(/,/g, "") + (m[2] ?? ""));
  return m[3] ? { kind: "number", value, unit: m[3] } : { kind: "number", value };
}

const DIGIT: Record<string, number> = {
  〇: 0,
  零: 0,
  O: 0,
  o: 0,
  "○": 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/**
 * Chinese numerals: positional years (二〇二四 → 2024) and counts up to thousands (三十一 → 31,
 * 一百零五 → 105). Arabic digits pass through. null when it is not a number.
 */
export function parseChineseNumber(text: string): number | null {
  const t = toParseForm(text).trim();
  if (/^\d+$/.test(t)) return Number(t);
  if (t === "") return null;
  if ([...t].every((ch) => ch in DIGIT)) return Number([...t].map((ch) => DIGIT[ch]).join(""));
  let total = 0;
  let section = 0;
  let digit = -1;
  for (const ch of t) {
    if (ch in DIGIT) digit = DIGIT[ch]!;
    else if (ch === "十" || ch === "百" || ch === "千") {
      const unit = ch === "十" ? 10 : ch === "百" ? 100 : 1000;
      section += (digit < 0 ? 1 : digit) * unit;
      digit = -1;
    } else if (ch === "万") {
      total += (section + Math.max(digit, 0)) * 10_000;
      section = 0;
      digit = -1;
    } else return null;
  }
  return total + section + Math.max(digit, 0);
}
