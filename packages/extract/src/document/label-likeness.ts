/**
 * How alike two label cores are (table-labels.ts and review-heading.ts): equal, one contained in
 * the other, or sharing most character pairs, for OCR typos and shortened labels.
 */

/** A text's character pairs, counted. */
function bigramCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + 1 < text.length; i++) {
    const g = text.slice(i, i + 2);
    counts.set(g, (counts.get(g) ?? 0) + 1);
  }
  return counts;
}

/** A label core ready to compare: its pairs counted once. */
export interface Prepared {
  core: string;
  grams: Map<string, number>;
}

export const prepare = (core: string): Prepared => ({ core, grams: bigramCounts(core) });

/**
 * How alike two label cores are, 0..1: 1 equal; a contained label by its share of the longer (at
 * least 0.5); else from the character pairs they share. Pairs in common count for less than
 * containment: labels share long phrases (政府信息公开申请), so a wrapped line's tail shares most of its
 * pairs with several labels; only 0.7 of Dice and up counts, scaled so 0.7 scores 0.6.
 */
export function alike(a: Prepared, b: Prepared): number {
  if (a.core === "" || b.core === "") return 0;
  if (a.core === b.core) return 1;
  const [short, long] = a.core.length <= b.core.length ? [a.core, b.core] : [b.core, a.core];
  const contained = short.length >= 2 && long.includes(short) ? 0.5 + (0.5 * short.length) / long.length : 0;
  const pairs = a.core.length - 1 + (b.core.length - 1);
  if (a.grams.size === 0 || b.grams.size === 0 || pairs <= 0) return contained;
  let common = 0;
  for (const [g, n] of a.grams) common += Math.min(n, b.grams.get(g) ?? 0);
  const dice = (2 * common) / pairs;
  return Math.max(contained, dice < 0.7 ? dice * 0.8 : 0.6 + ((dice - 0.7) * 0.4) / 0.3);
}
