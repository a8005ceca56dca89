import type { SiteMetadata } from "../types.js";
import type { ReportLine } from "./report-lines.js";

const PLACE = "(?:省|自治区|市|自治州|州|地区|盟|县|自治县|旗|区|特区)";
const SUFFIX =
  "(?:人民政府|人民政府办公室|人民政府办公厅|委员会|办公室|办公厅|管理局|局|厅|委|办|署|中心|院|所|队|站|馆|公司)";
const AGENCY = new RegExp(
  `[\\u4e00-\\u9fff]{1,8}?${PLACE}(?:[\\u4e00-\\u9fff]{1,6}?${PLACE})?[\\u4e00-\\u9fff]{0,12}?${SUFFIX}`,
  "g",
);
// Function words and verbs that a regex match can swallow at its start or that mark prose, not a name.
const LEADING_NOISE =
  /^(根据|按照|依据|依照|经过|经|由|对|向|在|全|本|我|各|该|与|和|及|将|为|从|以|把|被|于|至|是|的|了|现将|联系|可与|同|请|关于|今年|全年|目前|截至|截止)+/;
const NOT_A_NAME =
  /(的|贯彻|落实|深入|关于|根据|按照|要求|开展|工作|推进|公开|领导小组|报告|条例|规定|制度|意见|通知|办法|年度)/;
// "发展和改革委" + "员会": a lazy match stops at the first suffix; extend to the full one.
const EXTENSIONS = ["员会", "公室", "公厅", "理局"];

function clean(candidate: string, following: string): string | null {
  let name = candidate.replace(LEADING_NOISE, "");
  for (const ext of EXTENSIONS) if (following.startsWith(ext) && !name.endsWith(ext)) name += ext;
  if (name.length < 4 || name.length > 30 || NOT_A_NAME.test(name)) return null;
  if (!new RegExp(`^[\\u4e00-\\u9fff]{1,8}?${PLACE}`).test(name)) return null;
  return name;
}

/** Agency names in a text, in order of appearance. */
export function agencyNamesIn(text: string): string[] {
  const names: string[] = [];
  for (const m of text.matchAll(AGENCY)) {
    const name = clean(m[0], text.slice(m.index + m[0].length, m.index + m[0].length + 2));
    if (name) names.push(name);
  }
  return names;
}

export interface AgencyGuess {
  name: string;
  source: "hint" | "title" | "metadata" | "preamble" | "signature" | "contact" | "body";
}

/**
 * The reporting agency, from the strongest evidence available: the report title, the site header's
 * 发布机构, "本报告由…编制", the signature block, "可与…联系", then names early in the body.
 * A registry hint wins when the document names it.
 */
export function findAgency(
  title: string | null,
  site: SiteMetadata,
  lines: readonly ReportLine[],
  hint?: string,
): AgencyGuess | null {
  const all = lines.map((l) => l.text).join("\n");
  if (hint && (all.includes(hint) || title?.includes(hint) || site.publisher === hint))
    return { name: hint, source: "hint" };

  if (title) {
    const m =
      /^(.+?)(?:关于)?(?:\d{4}|[〇零○一二三四五六七八九]{4})年度?.{0,6}(?:政府信息公开|政务公开|信息公开)/.exec(
        title,
      );
    const name = m
      ? (agencyNamesIn(m[1]!).at(-1) ??
        (m[1]!.length >= 4 && /(政府|局|委员会|厅|办公室|委|办)$/.test(m[1]!) ? m[1]! : null))
      : null;
    if (name) return { name, source: "title" };
  }
  if (site.publisher && site.publisher.length <= 30 && /[\u4e00-\u9fff]{3,}/.test(site.publisher)) {
    return { name: site.publisher, source: "metadata" };
  }
  const preamble = /(?:本报告|年度报告)由([\u4e00-\u9fff]{4,30}?)(?:负责)?编制/.exec(all);
  const preambleName = preamble ? agencyNamesIn(preamble[1]!)[0] : undefined;
  if (preambleName) return { name: preambleName, source: "preamble" };

  for (const line of lines.slice(-6).reverse()) {
    const t = line.text.replace(/\s+/g, "");
    if (t.length > 30) continue;
    const [name] = agencyNamesIn(t);
    if (name && t.startsWith(name)) return { name, source: "signature" };
  }
  const contact = /(?:可与|请与|联系单位[:：]?)([\u4e00-\u9fff]{4,40}?)联系/.exec(all);
  const contactName = contact ? agencyNamesIn(contact[1]!)[0] : undefined;
  if (contactName) return { name: contactName, source: "contact" };

  const early = lines
    .slice(0, 5)
    .flatMap((l) => agencyNamesIn(l.text))
    .filter((n) => !/中华人民共和国/.test(n));
  if (early[0]) return { name: early[0], source: "body" };
  return null;
}
