import { type StatedAgency, type Statement, resultText } from "./statement.js";

/**
 * What changed between the statement of the message sent earlier and the one now, one line per
 * agency: its old and new result and why (what offices' reviews did, problems found anew, problems
 * gone, a report found late). Files that changed with nothing else (a PDF printed anew) get one line of their own.
 */
export function changesBetween(before: Statement, after: Statement): string[] {
  const old = new Map(before.agencies.map((a) => [a.agencyId, a]));
  const now = new Map(after.agencies.map((a) => [a.agencyId, a]));
  const lines: string[] = [];
  for (const a of after.agencies) {
    const was = old.get(a.agencyId);
    if (!was) {
      lines.push(`${a.name}：新列入，${resultText(a)}${why(undefined, a)}`);
      continue;
    }
    const line = agencyChange(was, a);
    if (line) lines.push(line);
  }
  for (const a of before.agencies)
    if (!now.has(a.agencyId)) lines.push(`${a.name}：不再列入本年度评估（原为${resultText(a)}）。`);
  if (lines.length === 0) {
    const files = (s: Statement) => s.files.map((f) => `${f.filename}:${f.sha256}`).join("\n");
    if (files(before) !== files(after)) lines.push("评估结果未变，所附文件已重新生成。");
  }
  return lines;
}

function agencyChange(was: StatedAgency, is: StatedAgency): string | null {
  const sameResult = resultText(was) === resultText(is);
  const sameFindings = was.findings.join("\n") === is.findings.join("\n");
  const sameReviews = (was.reviews ?? []).join("\n") === (is.reviews ?? []).join("\n");
  if (sameResult && sameFindings && sameReviews && was.state === is.state) return null;
  const result = sameResult ? `结果仍为${resultText(is)}` : `${resultText(was)} → ${resultText(is)}`;
  return `${is.name}：${result}${why(was, is)}`;
}

/** Why an agency's result changed: the state that changed, problems added and problems gone. */
function why(was: StatedAgency | undefined, is: StatedAgency): string {
  const reasons: string[] = [];
  if (was && was.state !== is.state && was.state === "not_found" && is.state === "graded")
    reasons.push("已发现其年度报告（逾期或补充发布）");
  const before = new Set(was?.findings ?? []);
  const after = new Set(is.findings);
  const added = is.findings.filter((f) => !before.has(f));
  const gone = (was?.findings ?? []).filter((f) => !after.has(f));
  const reviewed = new Set(was?.reviews ?? []);
  const newReviews = (is.reviews ?? []).filter((r) => !reviewed.has(r));
  if (newReviews.length > 0) reasons.push(`经复核：${newReviews.join("；")}`);
  if (added.length > 0) reasons.push(`新增问题：${added.join("；")}`);
  if (gone.length > 0) reasons.push(`不再存在的问题：${gone.join("；")}`);
  return reasons.length > 0 ? `。原因：${reasons.join("。")}。` : "。";
}
