/** An explicit "none" in prose: the key it sets to 0 and where it was said. */
export interface ZeroStatement {
  key: string;
  start: number;
  end: number;
}

// Stays inside one clause: a negation does not reach over a comma.
const C = "[^。;；,，\\n]";

// "未收到…政府信息公开申请", "没有依申请公开…", "无…信息公开申请". The gap may not name reviews or
// lawsuits: "未收到…行政复议申请" is a statement about reviews.
const NO_APPLICATIONS = new RegExp(
  `(?:没有|未收到|未接到|未受理|无)(?:(?!复议|诉讼)${C}){0,10}?` +
    `(?:依申请公开|信息公开(?:的)?申请|公开申请|申请公开)(?!人)`,
  "gd",
);

// "未发生行政复议和诉讼案件", "未收到…行政复议申请", "没有发生…被申请行政复议或提起行政诉讼的情况".
// `items` lists what is negated; the words right after it must not be an outcome: "未发生…被行政
// 复议纠错" says that no decision was corrected, not that there was no review.
const NO_REVIEWS_OR_LAWSUITS = new RegExp(
  `(?<neg>未发生|没有发生|未出现|没有出现|未收到|未接到|未有|没有|无)` +
    `(?<gap>(?:(?!复议|诉讼)${C}){0,26}?)` +
    `(?<items>(?:(?:被申请|申请|提起|引起)?(?:行政)?(?:复议|诉讼)(?:[、和或及与/]|以及)?)+)` +
    `(?<tail>${C}{0,4})`,
  "gd",
);
const OUTCOME = /^(纠错|纠正|被|败诉|撤销|确认违法|改变|结果)/;
const OUTCOME_IN_GAP = /(纠错|败诉|被撤销|被纠正)/;

// "未收取任何费用", "没有向…申请人收取任何费用", "无收取信息处理费情况".
const NO_FEES = new RegExp(`(?:没有|未|无|不)${C}{0,16}?收取${C}{0,8}?费`, "gd");

/** The explicit zeros of one sentence (in its matching form). */
export function findZeroStatements(sentence: string): ZeroStatement[] {
  const found: ZeroStatement[] = [];
  // Each pattern holds a word checked here first: most sentences hold none, and fail the patterns'
  // lazy gaps only after trying every position.
  const applications = sentence.includes("申请");
  const reviewsOrLawsuits = sentence.includes("复议") || sentence.includes("诉讼");
  const fees = sentence.includes("收取");
  if (!applications && !reviewsOrLawsuits && !fees) return found;
  for (const m of applications ? sentence.matchAll(NO_APPLICATIONS) : []) {
    found.push({ key: "text.applications_received", start: m.index, end: m.index + m[0].length });
  }
  for (const m of reviewsOrLawsuits ? sentence.matchAll(NO_REVIEWS_OR_LAWSUITS) : []) {
    const { neg = "", gap = "", items = "", tail = "" } = m.groups ?? {};
    if (OUTCOME.test(tail) || OUTCOME_IN_GAP.test(gap)) continue;
    // A short 无 reaches only its own phrase ("无行政复议案件"), not a whole clause.
    if (neg === "无" && gap.length > 12) continue;
    const end = m.index + m[0].length - tail.length;
    if (items.includes("复议")) found.push({ key: "text.reviews", start: m.index, end });
    if (items.includes("诉讼")) found.push({ key: "text.lawsuits", start: m.index, end });
  }
  for (const m of fees ? sentence.matchAll(NO_FEES) : []) {
    found.push({ key: "text.fees_yuan", start: m.index, end: m.index + m[0].length });
  }
  return found;
}
