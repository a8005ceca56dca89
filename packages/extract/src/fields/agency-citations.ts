import type { AgencyMention } from "./agency-mentions.js";

/**
 * How a mention stands in its text. A report cites other bodies' documents (《福建省人民政府办公厅关于…
 * 的通知》), writes to a superior ("省政府办公厅："), and a crawled page carries site chrome
 * ("来源：平潭县人民政府") that names the web site's owner: none of these is the author.
 */
export type MentionRole = "cited" | "addressee" | "chrome" | "plain";

/** Words right after a name that make it a document's issuer: 《X关于…》, X印发…, X〔2014〕. */
const ISSUER_AFTER = /^\s*(?:关于|印发|转发|〔|\[|［)/;
/** Words right before a name that refer to a rule or request of that body. */
const REFERENCE_BEFORE = /(?:根据|按照|依据|依照|遵照|落实)$/;
const CHROME_BEFORE = /(?:来源|信息来源|稿源)\s*[:：]\s*$/;

/** Whether the mention sits inside 《…》: the title of a cited document. */
function insideBookTitle(text: string, start: number): boolean {
  const before = text.slice(Math.max(0, start - 120), start);
  return before.lastIndexOf("《") > before.lastIndexOf("》");
}

export function mentionRole(text: string, mention: AgencyMention): MentionRole {
  const before = text.slice(Math.max(0, mention.start - 12), mention.start);
  const after = text.slice(mention.end, mention.end + 6);
  if (CHROME_BEFORE.test(before)) return "chrome";
  if (insideBookTitle(text, mention.start) || ISSUER_AFTER.test(after) || REFERENCE_BEFORE.test(before)) {
    return "cited";
  }
  // "福建省人民政府办公厅：" opening a letter; a label ("发布机构：X") has its colon before the name.
  if (/^\s*[:：]/.test(after)) return "addressee";
  return "plain";
}
