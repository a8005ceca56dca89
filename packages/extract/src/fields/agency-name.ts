import type { SiteMetadata } from "../types.js";
import {
  WEIGHT,
  gatherEvidence,
  locatedMentions,
  type AgencyEvidence,
  type AgencySource,
  type Located,
} from "./agency-evidence.js";
import type { ReportLine } from "./report-lines.js";

export { agencyNamesIn } from "./agency-mentions.js";

export interface AgencyGuess {
  name: string;
  source: AgencySource;
  /** 0..1: how sure the name is the author's (source strength, raised when sources agree). */
  confidence: number;
}

/** A zone's governing body, optionally with its office: 平潭综合实验区(党工委)管委会(办公室). */
function governingBody(bare: string, name: string): string | null {
  if (!name.startsWith(bare)) return null;
  const m = /^((?:党工委)?(?:管委会|管理委员会|人民政府))(?:办公室|办公厅)?$/.exec(name.slice(bare.length));
  return m ? bare + m[1]! : null;
}

/**
 * A bare zone name completed with its body as the document prints it most often: the title says
 * 平潭综合实验区, the text says 平潭综合实验区管委会 (its office signs or publishes: the body reports).
 */
function completeZone(bare: string, names: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const n of names) {
    const body = governingBody(bare, n);
    if (body) counts.set(body, (counts.get(body) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? bare;
}

/**
 * The longest name printed that ends with this one: 淮安市洪泽区人民政府 over 洪泽区人民政府.
 * Only a place prefix counts, so 人民政府办公厅 never grows a stranger's name in front.
 */
function longestPrinted(name: string, names: readonly string[]): string {
  let best = name;
  for (const n of names) if (n.length > best.length && n.endsWith(best)) best = n;
  return best;
}

/** Names this short are too alike among neighbours (城区/郊区人民政府) to allow a misread character. */
const MIN_NEARLY_LENGTH = 6;

/**
 * Whether a text prints the name with at most one character misread by OCR (淮安市人民政府 read as
 * 准安市人民政府): a window of the name's length differing from it in one place.
 */
export function printsNearly(text: string, name: string): boolean {
  if (name.length < MIN_NEARLY_LENGTH) return false;
  for (let start = 0; start + name.length <= text.length; start++) {
    let differing = 0;
    for (let i = 0; i < name.length && differing <= 1; i++) if (text[start + i] !== name[i]) differing++;
    if (differing <= 1) return true;
  }
  return false;
}

/** How many of a scanned report's first lines may hold its title. */
const TITLE_LINES = 4;

/**
 * The reporting agency, from the strongest evidence: the title, the signature, the site's 发布机构,
 * "本报告由…编制" or the year's opening sentence, "请与…联系", then the first name in the body. Cited
 * bodies (《…通知》, 根据X要求), addressees and 来源 chrome of the web site are not the author.
 * A registry hint wins when the document names it; in a report read by OCR (`scanned`), also when
 * its title prints the hint with one character misread.
 */
export function findAgency(
  title: string | null,
  site: SiteMetadata,
  lines: readonly ReportLine[],
  hint?: string,
  scanned = false,
): AgencyGuess | null {
  const texts = lines.map((l) => l.text);
  const all = texts.join("\n");
  if (hint && (all.includes(hint) || title?.includes(hint) || site.publisher === hint))
    return { name: hint, source: "hint", confidence: WEIGHT.hint };
  if (hint && scanned && [title ?? "", ...texts.slice(0, TITLE_LINES)].some((t) => printsNearly(t, hint)))
    return { name: hint, source: "hint", confidence: WEIGHT.title };

  const mentions: Located[] = locatedMentions(all);
  const printed = [
    ...mentions.filter((m) => m.role === "plain" && !m.bare).map((m) => m.name),
    ...(site.publisher ? [site.publisher] : []),
  ];
  const evidence: AgencyEvidence[] = gatherEvidence(title, site, texts, all, mentions).map((e) => {
    if (!e.bare) return { ...e, name: longestPrinted(e.name, printed) };
    const name = completeZone(e.name, printed);
    // A zone left bare is still the right place, only less precise.
    return { ...e, name, weight: name === e.name ? e.weight * 0.85 : e.weight, bare: name === e.name };
  });
  if (evidence.length === 0) return null;

  // Agreement raises confidence; the body's first name is often the title or signature line itself.
  const scored = evidence.map((e) => {
    const agreeing = evidence.filter(
      (o) => o.name === e.name && o.source !== e.source && o.source !== "body",
    );
    return {
      ...e,
      confidence: Math.min(0.99, e.weight + 0.05 * new Set(agreeing.map((o) => o.source)).size),
    };
  });
  const best = scored.reduce((a, b) => (b.confidence > a.confidence ? b : a));
  return { name: best.name, source: best.source, confidence: Math.round(best.confidence * 100) / 100 };
}
