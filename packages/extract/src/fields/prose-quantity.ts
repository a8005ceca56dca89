import { parseChineseNumber } from "./numbers.js";

const NUMERAL = "一二三四五六七八九十百千万零两〇";

/**
 * A quantity in prose, as a regex source with named groups: `n` the number (digits or Chinese
 * numerals), `scale` a 万 after digits, `pre`/`post` approximation words (约, 近, 余, 多, 左右).
 * The lookbehinds keep article and item numbers out (第二十条, 第（一）项: a citation of the
 * regulations, not a count) and stop a match from starting in the middle of a number (the 十 of
 * 二十).
 */
export const QUANTITY =
  `(?<pre>共约|约|近|将近|超过|逾)?\\s*` +
  `(?<![第\\d.${NUMERAL}][（(]?\\s*)` +
  `(?<n>\\d[\\d,]*(?:\\.\\d+)?|[${NUMERAL}]+)(?<scale>万)?\\s*(?<post>余|多|左右)?`;

/** Units that continue a cited article (第二十条第（一）项, 第十条规定): not a count of 条. */
export const NOT_ARTICLE = "(?!第|规定|之|款)";

export interface Quantity {
  value: number;
  approximate: boolean;
}

/** The number a QUANTITY match holds, or null when the numerals do not read as one. */
export function readQuantity(groups: Record<string, string | undefined> | undefined): Quantity | null {
  const raw = groups?.n ?? "";
  let value = /\d/.test(raw) ? Number(raw.replace(/,/g, "")) : parseChineseNumber(raw);
  if (value === null || !Number.isFinite(value)) return null;
  if (groups?.scale) value *= 10_000;
  return { value, approximate: Boolean(groups?.pre || groups?.post) };
}
