import type { SiteMetadata } from "../types.js";
import { mentionRole } from "./agency-citations.js";
import { agencyMentions, wholeAgencyName, type AgencyMention } from "./agency-mentions.js";

export type AgencySource = "hint" | "title" | "metadata" | "preamble" | "signature" | "contact" | "body";

/** One place where the document says who wrote it, with how much that place is worth. */
export interface AgencyEvidence {
  name: string;
  source: AgencySource;
  /** 0..1: a title or signature names the author; a name early in the body may be anyone. */
  weight: number;
  /** A zone named without its body (平潭综合实验区). */
  bare: boolean;
}

/** Weights by where the name was printed; site chrome ("来源：") names the web site, not the author. */
export const WEIGHT = {
  hint: 0.95,
  title: 0.9,
  signature: 0.85,
  metadata: 0.8,
  preamble: 0.75,
  contact: 0.6,
  body: 0.4,
  chrome: 0.3,
} as const;

const YEAR = "(?:\\d{4}|[〇零○一二三四五六七八九]{4})";
const DATE = `${YEAR}\\s*年\\s*[\\d〇零○一二三四五六七八九十]{1,3}\\s*月\\s*[\\d〇零○一二三四五六七八九十]{1,3}\\s*日`;
const LABEL_PREFIX = /^\s*(?:#+|标题\s*[:：])\s*/;

/**
 * The name a report title starts with: "2019年上海市人民政府办公厅政府信息公开工作年度报告" names
 * 上海市人民政府办公厅 (the year before it is no part of the name); a title that starts with the year
 * or 关于 names no one.
 */
export function titleAgency(title: string): AgencyMention | null {
  const t = title
    .replace(LABEL_PREFIX, "")
    .replace(/\s+/g, "")
    .replace(new RegExp(`^${YEAR}年度?`), "");
  const end = new RegExp(`(?:关于)?(?:${YEAR}年度?)?(?:政府信息公开|政务公开|信息公开)`).exec(t);
  if (!end || end.index < 3) return null;
  const head = t.slice(0, end.index);
  const whole = wholeAgencyName(head);
  if (whole) return whole;
  const last = agencyMentions(head).at(-1);
  return last && last.end === head.length ? last : null;
}

/** A mention as evidence. */
function evidence(m: AgencyMention, source: AgencySource, weight: number): AgencyEvidence {
  return { name: m.name, source, weight, bare: m.bare };
}

/** The first mention in a snippet that is not a cited body. */
function firstPlain(snippet: string): AgencyMention | undefined {
  return agencyMentions(snippet).find((m) => mentionRole(snippet, m) === "plain");
}

/** Title, title block (a name line above the title line) and a "标题:" header line. */
function fromTitle(title: string | null, lines: readonly string[]): AgencyEvidence[] {
  const found: AgencyEvidence[] = [];
  const titles = [title, ...lines.slice(0, 12).filter((l) => /^\s*标题\s*[:：]/.test(l))];
  for (const t of titles) {
    const m = t ? titleAgency(t) : null;
    if (m) found.push(evidence(m, "title", WEIGHT.title));
  }
  lines.slice(0, 12).forEach((line, i) => {
    const m = line.length <= 30 ? wholeAgencyName(line) : null;
    const next = lines[i + 1] ?? "";
    if (m && /(年度报告|年报)/.test(next)) found.push(evidence(m, "title", WEIGHT.title));
  });
  return found;
}

/** The site's 发布机构, parsed or still a "发布机构: X" line of a crawler's header; 来源 chrome. */
function fromMetadata(site: SiteMetadata, lines: readonly string[], mentions: Located[]): AgencyEvidence[] {
  const found: AgencyEvidence[] = [];
  const publishers = [
    site.publisher,
    ...lines.slice(0, 12).map((l) => /^\s*(?:发布机构|发文机关|发布单位)\s*[:：]\s*(\S.*)$/.exec(l)?.[1]),
  ];
  for (const p of publishers) {
    if (!p || p.length > 30 || !/[\u4e00-\u9fff]{3,}/.test(p)) continue;
    const m = wholeAgencyName(p);
    found.push(
      m
        ? evidence(m, "metadata", WEIGHT.metadata)
        : { name: p.trim(), source: "metadata", weight: WEIGHT.metadata, bare: false },
    );
  }
  for (const m of mentions.filter((x) => x.role === "chrome"))
    found.push(evidence(m, "metadata", WEIGHT.chrome));
  return found;
}

/**
 * What `/([\u4e00-\u9fff]{4,30})[（(]以下简称/.exec(all)?.[1]` gives — the 4 to 30 Han characters
 * before the first "（以下简称" that has 4 — found from the occurrences of 以下简称: the regex
 * tried 30 characters at every Han position of the report.
 */
export function aliasedText(all: string): string | undefined {
  for (let at = all.indexOf("以下简称"); at >= 0; at = all.indexOf("以下简称", at + 1)) {
    const paren = at - 1;
    if (paren < 0 || (all[paren] !== "（" && all[paren] !== "(")) continue;
    let start = paren;
    while (start > 0 && paren - start < 30) {
      const code = all.charCodeAt(start - 1);
      if (code < 0x4e00 || code > 0x9fff) break;
      start--;
    }
    if (paren - start >= 4) return all.slice(start, paren);
  }
  return undefined;
}

/** "本报告由X编制", "2024年，X坚持…" opening the 总体情况, "X（以下简称…）". */
function fromPreamble(all: string): AgencyEvidence[] {
  const found: AgencyEvidence[] = [];
  const compiled = /(?:本报告|年度报告)由([^。；;]{4,40}?)(?:负责)?编制/.exec(all);
  const compiler = compiled ? firstPlain(compiled[1]!) : undefined;
  if (compiler) found.push(evidence(compiler, "preamble", WEIGHT.preamble));
  const subject = new RegExp(`${YEAR}年(?:以来)?\\s*[，,]\\s*(\\S{4,30})`).exec(all.slice(0, 3000));
  const opener = subject ? agencyMentions(subject[1]!)[0] : undefined;
  if (opener?.start === 0) found.push(evidence(opener, "preamble", WEIGHT.preamble));
  const alias = aliasedText(all);
  const aliased = alias ? agencyMentions(alias).at(-1) : undefined;
  if (aliased && aliased.end === alias!.length) found.push(evidence(aliased, "preamble", WEIGHT.preamble));
  return found;
}

/**
 * The signature: a short last line that is a name, or — in a one-line dump — the last name printed
 * right before a date near the end ("…便捷服务。 平潭综合实验区管委会办公室 2014年12月10日 附件下载").
 */
function fromSignature(all: string, lines: readonly string[]): AgencyEvidence[] {
  // The opening lines are a title block, not a signature, however short the document.
  for (const line of lines.slice(Math.max(3, lines.length - 6)).reverse()) {
    const m = line.length <= 30 ? wholeAgencyName(line) : null;
    if (m) return [evidence(m, "signature", WEIGHT.signature)];
  }
  const tailStart = Math.max(0, all.length - 400);
  const tail = all.slice(tailStart);
  const dated = agencyMentions(tail).filter(
    (m) => new RegExp(`^\\s*[（(]?${DATE}`).test(tail.slice(m.end)) && mentionRole(tail, m) === "plain",
  );
  const last = dated.at(-1);
  return last ? [evidence(last, "signature", WEIGHT.signature)] : [];
}

/** "请与X联系", "可与X联系", "联系单位：X". */
function fromContact(all: string): AgencyEvidence[] {
  const contact =
    /(?:可与|请与|联系单位\s*[:：]?|联系人?\s*[:：])\s*([^。；;]{4,40}?)(?:联系|[，,。；;（(\n])/.exec(all);
  const m = contact ? firstPlain(contact[1]!) : undefined;
  return m ? [evidence(m, "contact", WEIGHT.contact)] : [];
}

/** A mention with its role in the whole text. */
export interface Located extends AgencyMention {
  role: ReturnType<typeof mentionRole>;
}

/** Every mention of the text with its role. */
export function locatedMentions(all: string): Located[] {
  return agencyMentions(all).map((m) => ({ ...m, role: mentionRole(all, m) }));
}

/** All evidence for the author, strongest sources first; `mentions` are those of `all`. */
export function gatherEvidence(
  title: string | null,
  site: SiteMetadata,
  lines: readonly string[],
  all: string,
  mentions: Located[],
): AgencyEvidence[] {
  const early = mentions.filter((m) => m.role === "plain" && !m.bare && m.start < 600).slice(0, 1);
  return [
    ...fromTitle(title, lines),
    ...fromSignature(all, lines),
    ...fromMetadata(site, lines, mentions),
    ...fromPreamble(all),
    ...fromContact(all),
    ...early.map((m) => evidence(m, "body", WEIGHT.body)),
  ];
}
