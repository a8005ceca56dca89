/** A piece of label text on a page: where it starts on its baseline (points, from the bottom left). */
interface Placed {
  text: string;
  x: number;
  y: number;
  width: number;
  /** Read by OCR: its lines come joined already, one run at its cell's middle. */
  ocr?: unknown;
}

/** A line of figures (or of anything) on a page. */
interface Line {
  page: number;
  y: number;
}

/** A label fragment and the line it was printed on. */
export interface Fragment<I extends Placed, R extends Line> {
  item: I;
  row: R;
}

/** A numbered label's start: 一、 at the table's left, （一） next, 1. innermost. */
export const NUMBERED_LABEL = /^\s*([一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|\d+[.、．])/;
/** A group label of table 三 (（三）不予公开 … （六）其他处理): its rows are numbered 1., 2., … under it. */
export const GROUP_LABEL = /^\s*[(（][三四五六][)）]/;
/** The first row of a group. */
const FIRST_OF_GROUP = /^\s*1[.、．]/;
/** A fragment farther than this from every line of figures belongs to none (points). */
const NEAR = 40;

/** Width of a character of the fragment's font: CJK characters are a full em, others about half. */
function emOf(item: Placed): number {
  let ems = 0;
  for (const ch of item.text.replace(/\s+/g, "")) ems += /[\u2e80-\u9fff\uff00-\uffef]/.test(ch) ? 1 : 0.5;
  return ems > 0 ? item.width / ems : 0;
}

/**
 * Which line of figures each fragment of table 三's labels belongs to, and (`startOf`) the fragment
 * that starts the label each is part of.
 *
 * Each fragment goes first to the nearest line of figures. A label wrapped over three lines in a
 * narrow column breaks that: its last line (…政府信息公开申请) may lie as near the next row's figures
 * as its own, and its lines, centred in the cell, start at different places. So in a PDF's text
 * layer, the lines of one label are put together first (wrappedLabels). A label goes whole to the
 * line of figures within its lines, the one nearest its middle. A group label (（六）其他处理, printed
 * across the rows it groups) goes to the first of its rows: the row numbered 1. whose label starts
 * at or above the group label's first line. Fragments read by OCR come one to a cell already and
 * keep the nearest line.
 */
export function labelOwners<I extends Placed, R extends Line>(
  fragments: readonly Fragment<I, R>[],
  numeric: readonly R[],
): { owner: Map<Fragment<I, R>, R>; startOf: Map<I, I> } {
  const owner = new Map<Fragment<I, R>, R>();
  const startOf = new Map<I, I>();
  for (const f of fragments) {
    const near = nearest(numeric, f.row.page, f.row.y);
    if (near && Math.abs(near.y - f.row.y) <= NEAR) owner.set(f, near);
  }
  const groups: Fragment<I, R>[][] = [];
  /** Labels numbered 1.: the first row of a group, where the label starts. */
  const firsts: Fragment<I, R>[] = [];
  for (const label of wrappedLabels(fragments.filter((f) => !f.item.ocr))) {
    for (const f of label) startOf.set(f.item, label[0]!.item);
    if (GROUP_LABEL.test(label[0]!.item.text)) {
      groups.push(label);
      continue;
    }
    if (FIRST_OF_GROUP.test(label[0]!.item.text)) firsts.push(label[0]!);
    const { top, bottom, em } = extent(label);
    const within = numeric.filter(
      (n) => n.page === label[0]!.row.page && n.y <= top + em * 0.6 && n.y >= bottom - em * 0.6,
    );
    const row = nearest(within, label[0]!.row.page, (top + bottom) / 2);
    if (row) for (const f of label) owner.set(f, row);
  }
  for (const group of groups) {
    // A group's cell starts where its first row's does: its label's first line is on that row's
    // first line (printed at the top) or lower (centred), never above. PDF y grows upwards: the
    // lowest label numbered 1. that starts at or above the group's first line.
    const { top, em } = extent(group);
    const first = firsts
      .filter((f) => f.row.page === group[0]!.row.page && f.row.y >= top - em * 0.6 && owner.has(f))
      .sort((a, b) => a.row.y - b.row.y)[0];
    if (first) for (const f of group) owner.set(f, owner.get(first)!);
  }
  return { owner, startOf };
}

/** The line nearest `y` on `page`, if any. */
function nearest<R extends Line>(rows: readonly R[], page: number, y: number): R | undefined {
  let best: R | undefined;
  for (const r of rows) if (r.page === page && (!best || Math.abs(r.y - y) < Math.abs(best.y - y))) best = r;
  return best;
}

/** A label's top and bottom baselines and the width of its characters. */
function extent(label: readonly Fragment<Placed, Line>[]): { top: number; bottom: number; em: number } {
  const ys = label.map((f) => f.row.y);
  return {
    top: Math.max(...ys),
    bottom: Math.min(...ys),
    em: Math.max(...label.map((f) => emOf(f.item))),
  };
}

/**
 * The labels of a text layer, each its fragments top to bottom. A numbered fragment starts one; a
 * fragment without a number continues the label whose last line is less than two characters above
 * it (or on its line) and which it meets across (centred lines of one cell overlap; a group label
 * beside them does not), the nearest such. A fragment that continues none is no label's (it keeps
 * the nearest line).
 */
function wrappedLabels<I extends Placed, R extends Line>(
  fragments: readonly Fragment<I, R>[],
): Fragment<I, R>[][] {
  const labels: { parts: Fragment<I, R>[]; left: number; right: number }[] = [];
  const ordered = [...fragments].sort(
    (a, b) => a.row.page - b.row.page || b.row.y - a.row.y || a.item.x - b.item.x,
  );
  for (const f of ordered) {
    const em = emOf(f.item);
    const left = f.item.x;
    const right = f.item.x + f.item.width;
    if (NUMBERED_LABEL.test(f.item.text)) {
      labels.push({ parts: [f], left, right });
      continue;
    }
    let best: (typeof labels)[number] | undefined;
    let bestGap = Infinity;
    for (const label of labels) {
      const last = label.parts.at(-1)!;
      if (last.row.page !== f.row.page) continue;
      const gap = last.row.y - f.row.y;
      const reach = Math.max(em, emOf(last.item));
      if (gap < -3 || gap >= 2 * reach) continue;
      // Across: the extents overlap, or touch within a character (a label printed in pieces).
      if (left > label.right + reach || right < label.left - reach) continue;
      if (gap < bestGap) [best, bestGap] = [label, gap];
    }
    if (!best) continue;
    best.parts.push(f);
    best.left = Math.min(best.left, left);
    best.right = Math.max(best.right, right);
  }
  return labels.map((l) => l.parts);
}
