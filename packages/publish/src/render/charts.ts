import { escapeHtml } from "./escape.js";

export interface SeriesPoint {
  label: string;
  value: number | null;
}

export interface BarChartOptions {
  /** Written after each value, in the bars' labels and the description. */
  unit?: string;
  width?: number;
  height?: number;
  /** The label of the point to mark (a card's own year): a darker bar, a bold label and "本年度" under it. */
  highlight?: string;
}

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));
const isYear = (label: string) => /^\d{4}$/.test(label);
/** What the description and the gap say of a point without a value. */
export const NO_DATA = "无数据";
/** What the description and the mark say of the highlighted point. */
export const THIS_YEAR = "本年度";

/**
 * The points of a series over years with every year between the first and the last, the missing
 * ones without a value: a year nobody reported is shown as a gap, not skipped. A series whose
 * labels are not all years is returned as it is.
 */
export function withEveryYear(points: readonly SeriesPoint[]): SeriesPoint[] {
  if (points.length < 2 || !points.every((p) => isYear(p.label))) return [...points];
  const byYear = new Map(points.map((p) => [Number(p.label), p.value]));
  const years = [...byYear.keys()];
  const [first, last] = [Math.min(...years), Math.max(...years)];
  return Array.from({ length: last - first + 1 }, (_, i) => ({
    label: String(first + i),
    value: byYear.get(first + i) ?? null,
  }));
}

/** The chart's values as a sentence, for its `<desc>` (what a screen reader or a text search finds). */
export function chartDescription(
  title: string,
  points: readonly SeriesPoint[],
  options: Pick<BarChartOptions, "unit" | "highlight"> = {},
): string {
  const values = points.map((p) => {
    const label = isYear(p.label) ? `${p.label}年` : p.label;
    const value = p.value === null ? NO_DATA : `${fmt(p.value)}${options.unit ?? ""}`;
    return `${label} ${value}${p.label === options.highlight ? `（${THIS_YEAR}）` : ""}`;
  });
  return `${title}：${values.length ? values.join("；") : NO_DATA}`;
}

/**
 * A small bar chart as inline SVG (no JavaScript: cards print the same as they show). A series over
 * years gets every year between its first and last (`withEveryYear`); a point without a value is a
 * gap marked "无数据", never a bar. Every value is in the `<desc>` (`chartDescription`). The title
 * has a band of its own above the tallest bar's value, so no label can overlap it.
 */
export function barChart(
  title: string,
  series: readonly SeriesPoint[],
  options: BarChartOptions = {},
): string {
  const points = withEveryYear(series);
  const width = options.width ?? 360;
  const marked = options.highlight !== undefined && points.some((p) => p.label === options.highlight);
  const height = options.height ?? (marked ? 164 : 150);
  const titleBand = 22; // the title's baseline is at 16, its descenders end above 22
  const top = titleBand + 16; // room for the tallest bar's value (10px text) under the title band
  const bottom = marked ? 36 : 22;
  const plot = height - top - bottom;
  const axis = top + plot;
  const max = Math.max(1, ...points.map((p) => p.value ?? 0));
  const slot = (width - 20) / Math.max(points.length, 1);
  const bars = points
    .map((p, i) => {
      const x = 10 + i * slot;
      const mid = (x + slot / 2).toFixed(1);
      const own = marked && p.label === options.highlight;
      const label = `<text x="${mid}" y="${axis + 14}" text-anchor="middle"${own ? ' font-weight="bold"' : ""} font-size="11">${escapeHtml(p.label)}</text>`;
      const mark = own
        ? `<path class="chart-mark" d="M${mid} ${axis + 19} l-4 6 h8 z" fill="#1d3f66"/><text class="chart-mark" x="${mid}" y="${axis + 34}" text-anchor="middle" font-size="10" fill="#1d3f66">${THIS_YEAR}</text>`
        : "";
      if (p.value === null)
        return `<g class="chart-gap" data-label="${escapeHtml(p.label)}">${label}${mark}<text x="${mid}" y="${axis - 4}" text-anchor="middle" font-size="10" fill="#6b6b6b">${NO_DATA}</text></g>`;
      const h = (plot * p.value) / max;
      const y = axis - h;
      return `<g class="chart-bar${own ? " chart-own" : ""}" data-label="${escapeHtml(p.label)}"><rect x="${(x + slot * 0.2).toFixed(1)}" y="${y.toFixed(1)}" width="${(slot * 0.6).toFixed(1)}" height="${h.toFixed(1)}" fill="${own ? "#1d3f66" : "#3b6ea5"}"/>${label}${mark}<text x="${mid}" y="${(y - 3).toFixed(1)}" text-anchor="middle"${own ? ' font-weight="bold"' : ""} font-size="10">${fmt(p.value)}${escapeHtml(options.unit ?? "")}</text></g>`;
    })
    .join("");
  const desc = chartDescription(title, points, marked ? options : { unit: options.unit });
  return `<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(title)}"><title>${escapeHtml(title)}</title><desc>${escapeHtml(desc)}</desc><text class="chart-title" x="10" y="16" font-size="12" font-weight="bold">${escapeHtml(title)}</text><line x1="10" y1="${axis}" x2="${width - 10}" y2="${axis}" stroke="#888"/>${bars}</svg>`;
}
