import { type Statement, STATE_NAMES, hasProblems, resultText } from "./statement.js";

/** What a message says beyond its statement. */
export interface BodyContext {
  /** The served site's base URL; the pages' links are made against it. */
  siteUrl: string;
  /** For a 更正: the earlier message (its subject, its date and Message-ID) and what changed. */
  correction?: { subject: string; sentOn: string; messageId: string; changes: string[] };
}

/** Text from the store (names, findings) made safe inside HTML. */
export const escapeHtml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );

/** A page of the served site, absolute. */
export function siteLink(siteUrl: string, page: string): string {
  return new URL(page, siteUrl.endsWith("/") ? siteUrl : `${siteUrl}/`).href;
}

/** A date in Chinese as the letter gives it: `2026年4月2日` (in China). */
export function chineseDate(iso: string): string {
  const [y, m, d] = new Intl.DateTimeFormat("en-CA", {
    timeZone: "Asia/Shanghai",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  })
    .format(new Date(iso))
    .split("-")
    .map(Number);
  return `${y}年${m}月${d}日`;
}

const scopeWord = (s: Statement) => (s.scopeKind === "jurisdiction" ? "辖区" : "机关");

/** The paragraphs before the table, as plain lines (the HTML escapes the same lines). */
function opening(s: Statement, context: BodyContext): string[] {
  const lines: string[] = [];
  if (context.correction) {
    const c = context.correction;
    lines.push(
      `本邮件更正${c.sentOn}发送的《${c.subject}》（邮件编号 ${c.messageId}）。变化如下：`,
      ...c.changes.map((line) => `· ${line}`),
      "",
    );
  }
  const problems = s.agencies.filter(hasProblems).length;
  lines.push(
    `${s.name}${s.year}年度政府信息公开工作年度报告评估结果如下：本${scopeWord(s)}共评估${s.agencies.length}家机关，其中${problems}家存在问题。`,
  );
  if (s.files.length > 0) lines.push(`附件：${s.files.map((f) => f.filename).join("、")}。`);
  return lines;
}

/** The plain-text alternative. */
export function messageText(s: Statement, context: BodyContext): string {
  const lines = opening(s, context);
  lines.push("");
  for (const a of s.agencies) {
    lines.push(`${a.name}：${resultText(a)}`);
    for (const f of a.findings) lines.push(`  - ${f}`);
    lines.push(`  报告卡：${siteLink(context.siteUrl, a.cardPage)}`);
  }
  lines.push("");
  if (s.summaryPage) lines.push(`汇总页面：${siteLink(context.siteUrl, s.summaryPage)}`);
  lines.push("本邮件由透明评估系统自动发送，请勿直接回复。");
  return `${lines.join("\n")}\n`;
}

/** The HTML body: the same content, the table of members with links to their cards. */
export function messageHtml(s: Statement, context: BodyContext): string {
  const paragraphs = opening(s, context)
    .filter((line) => line !== "")
    .map((line) => `<p>${escapeHtml(line)}</p>`);
  const rows = s.agencies.map((a) => {
    const findings =
      a.findings.length === 0
        ? "无"
        : `<ul>${a.findings.map((f) => `<li>${escapeHtml(f)}</li>`).join("")}</ul>`;
    const link = escapeHtml(siteLink(context.siteUrl, a.cardPage));
    return `<tr><td><a href="${link}">${escapeHtml(a.name)}</a></td><td>${escapeHtml(resultText(a))}</td><td>${escapeHtml(STATE_NAMES[a.state] ?? a.state)}</td><td>${findings}</td></tr>`;
  });
  const summary = s.summaryPage
    ? `<p>汇总页面：<a href="${escapeHtml(siteLink(context.siteUrl, s.summaryPage))}">${escapeHtml(s.name)}${s.year}年度汇总</a></p>`
    : "";
  return [
    '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"></head><body>',
    ...paragraphs,
    '<table border="1" cellpadding="4" cellspacing="0"><thead><tr><th>机关</th><th>结果</th><th>状态</th><th>问题</th></tr></thead><tbody>',
    ...rows,
    "</tbody></table>",
    summary,
    "<p>本邮件由透明评估系统自动发送，请勿直接回复。</p>",
    "</body></html>",
  ].join("\n");
}
