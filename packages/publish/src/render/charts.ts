import { escapeHtml } from "./escape.js";

export interface SeriesPoint {
  label: string;
  value: number | null;
}

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

/**
 * A small bar chart as inline SVG (no JavaScript: cards print the same as they show).
 * Missing values are drawn as a gap with "—".
 */
export function barChart(
  title: string,
  points: readonly SeriesPoint[],
  options: { unit?: string; width?: number; height?: number } = {},
): string {
  const width = options.width ?? 360;
  const height = options.height ?? 150;
  const top = 24;
  const bottom = 22;
  const plot = height - top - bottom;
  const max = Math.max(1, ...points.map((p) => p.value ?? 0));
  const slot = (width - 20) / Math.max(points.length, 1);
  const bars = points
    .map((p, i) => {
      const x = 10 + i * slot;
      const label = `<text x="${x + slot / 2}" y="${height - 6}" text-anchor="middle" font-size="11">${escapeHtml(p.label)}</text>`;
      if (p.value === null)
        return `${label}<text x="${x + slot / 2}" y="${top + plot - 4}" text-anchor="middle" font-size="11" fill="#999">—</text>`;
      const h = (plot * p.value) / max;
      const y = top + plot - h;
      return `<rect x="${x + slot * 0.2}" y="${y.toFixed(1)}" width="${(slot * 0.6).toFixed(1)}" height="${h.toFixed(1)}" fill="#3b6ea5"/>${label}<text x="${x + slot / 2}" y="${(y - 3).toFixed(1)}" text-anchor="middle" font-size="10">${fmt(p.value)}${escapeHtml(options.unit ?? "")}</text>`;
    })
    .join("");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(title)}"><text x="10" y="14" font-size="12" font-weight="bold">${escapeHtml(title)}</text><line x1="10" y1="${top + plot}" x2="${width - 10}" y2="${top + plot}" stroke="#888"/>${bars}</svg>`;
}
