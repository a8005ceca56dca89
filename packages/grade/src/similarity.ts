import { SECTION_NAMES, TEMPLATE_PHRASES } from "@touming/vocabulary";

/**
 * What every report prints whatever it says: the forms' table titles, row and column labels, and
 * the section names. Two reports sharing these copy nothing from each other.
 */
const TEMPLATE = [...TEMPLATE_PHRASES, ...Object.values(SECTION_NAMES)]
  .map((t) => comparableText(t))
  .filter((t) => t.length >= 4)
  .sort((a, b) => b.length - a.length);

/** Text without white space, punctuation or digits (a copied report changes years). */
function comparableText(text: string): string {
  return text.replace(/[\s\p{P}\p{S}\d０-９]/gu, "");
}

/** Text as compared for originality: comparable text with the template's own words taken out. */
function comparable(text: string): string {
  let t = comparableText(text);
  for (const phrase of TEMPLATE) if (t.includes(phrase)) t = t.replaceAll(phrase, "");
  return t;
}

function shingles(text: string, k = 5): Set<string> {
  const t = comparable(text);
  const out = new Set<string>();
  for (let i = 0; i + k <= t.length; i++) out.add(t.slice(i, i + k));
  return out;
}

/** Jaccard similarity of 5-character shingles, 0..1 (1 = the same text up to digits and punctuation). */
export function textSimilarity(a: string, b: string): number {
  const sa = shingles(a);
  const sb = shingles(b);
  if (sa.size === 0 || sb.size === 0) return 0;
  let common = 0;
  for (const s of sa) if (sb.has(s)) common++;
  return common / (sa.size + sb.size - common);
}

/** The longest sentences of `text` that also stand (up to digits) in `previous`: what a card quotes as copied. */
export function sharedPassages(text: string, previous: string, limit = 3): string[] {
  const before = new Set(
    previous
      .split(/[。；;\n]/)
      .map(comparable)
      .filter((s) => s.length >= 12),
  );
  return text
    .split(/[。；;\n]/)
    .map((s) => s.trim())
    .filter((s) => before.has(comparable(s)))
    .sort((a, b) => b.length - a.length)
    .slice(0, limit)
    .map((s) => (s.length > 80 ? `${s.slice(0, 80)}…` : s));
}
