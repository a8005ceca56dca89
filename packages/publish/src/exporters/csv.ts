import type { Cell, Exporter } from "./exporter.js";

/**
 * What a spreadsheet (Excel, WPS, LibreOffice) reads as the start of a formula: `=`, `+`, `-`, `@`,
 * tab and CR, and their full-width forms, which WPS and Excel also accept.
 */
const FORMULA_START = /^[=+\-@\t\r＝＋－＠]/;

/**
 * A text cell as a spreadsheet must read it: one that would start a formula gets a leading `'`
 * (OWASP's CSV-injection advice), so that `=HYPERLINK(…)` from a crawled page stays text. Numbers
 * are not text and are never prefixed (-3 stays -3).
 */
export function inertText(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** One CSV field: RFC 4180 quoting; null is an empty field, a string is made inert. */
function csvField(value: Cell | undefined): string {
  if (value === null || value === undefined) return "";
  const s = typeof value === "string" ? inertText(value) : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV line, with its CRLF. */
const csvLine = (cells: readonly Cell[]): string => cells.map(csvField).join(",") + "\r\n";

/**
 * CSV with a header line and a UTF-8 BOM, so that spreadsheet software shows Chinese correctly;
 * text cells that would start a formula are prefixed with `'` (see `inertText`).
 */
export const csvExporter: Exporter = {
  extension: "csv",
  start: (columns) => ({
    header: () => "\ufeff" + csvLine(columns),
    record: csvLine,
    footer: () => "",
  }),
};
