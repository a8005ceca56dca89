import { APPLICATION_COLUMNS } from "@touming/vocabulary";
import { type Deadline, daysBetween, deadlineFor } from "./deadline.js";
import { type Rubric, letterFor } from "./rubric.js";
import { sharedPassages, textSimilarity } from "./similarity.js";

export interface GradedValue {
  key: string;
  value: number | null;
  raw: string | null;
}

export interface GradedCheck {
  /** `T3-A:total` */
  key: string;
  severity: "hard" | "soft";
  status: "pass" | "fail" | "not_applicable";
  left: string;
  right: string;
  message: string;
}

export interface GradeInput {
  agency: {
    id: string;
    name: string;
    level: string;
    siteUrl: string | null;
    listUrls: string[];
    deadlineOverride: string | null;
  };
  year: number;
  report: {
    format: "legacy" | "2019" | "2021" | null;
    publishDate: string | null;
    publishDateSource: string | null;
    /** When the crawler first saw the source document (ISO timestamp). */
    firstSeenAt: string | null;
    text: string;
    sourceUrl: string | null;
    sourceKind: string | null;
    scanned: boolean;
    values: GradedValue[];
    sections: { key: string; title: string; text: string }[];
    checks: GradedCheck[];
  } | null;
  previous: { year: number; text: string; values: GradedValue[] } | null;
  /** Where and when the crawler looked, for a missing report. */
  looked: { url: string; at: string }[];
}

export interface DimensionResult {
  dimension: "timeliness" | "structure" | "data" | "integrity" | "substance" | "accessibility";
  name: string;
  points: number;
  max: number;
  reason: string;
  evidence: Record<string, unknown>;
}

export interface GradeResult {
  score: number;
  letter: string;
  label: string;
  deadline: Deadline;
  onTime: boolean | null;
  dimensions: DimensionResult[];
  /** Soft-check findings and other things worth a look, in Chinese. */
  warnings: string[];
  similarity: { value: number; passages: string[] } | null;
}

const round = (n: number) => Math.round(n * 10) / 10;

const TABLE_CELLS_2021 = {
  二: 10,
  三: 25 * 7,
  四: 15,
};
const TABLE_CELLS_2019 = {
  二: 22,
  三: 23 * 7,
  四: 15,
};
const tableOf = (key: string): "二" | "三" | "四" | null =>
  key.startsWith("proactive.")
    ? "二"
    : key.startsWith("apply.")
      ? "三"
      : /^(review|litigation_direct|litigation_after_review)\./.test(key)
        ? "四"
        : null;

function timeliness(
  input: GradeInput,
  rubric: Rubric,
  deadline: Deadline,
): { dim: DimensionResult; onTime: boolean | null } {
  const t = rubric.timeliness;
  const base = { dimension: "timeliness" as const, name: "按时发布", max: t.max };
  const r = input.report!;
  const date = r.publishDate ?? (r.firstSeenAt ? r.firstSeenAt.slice(0, 10) : null);
  if (!date)
    return {
      dim: { ...base, points: 0, reason: "发布时间无法确认", evidence: { deadline: deadline.date } },
      onTime: null,
    };
  const source = r.publishDate
    ? ((
        {
          metadata: "页面发布日期",
          "top-line": "正文首行日期",
          signature: "落款日期",
          body: "正文中的发布日期",
          list: "栏目列表日期",
        } as Record<string, string>
      )[r.publishDateSource ?? ""] ?? "文中日期")
    : "首次发现日期（文中未见发布日期）";
  const late = daysBetween(deadline.date, date);
  const evidence = {
    publishDate: date,
    source: r.publishDate ? r.publishDateSource : "first-seen",
    deadline: deadline.date,
    daysLate: Math.max(0, late),
  };
  if (late <= 0)
    return {
      dim: {
        ...base,
        points: t.onTime,
        reason: `${date}发布（${source}），未超过期限${deadline.date}`,
        evidence,
      },
      onTime: true,
    };
  if (late <= t.lateGraceDays) {
    return {
      dim: {
        ...base,
        points: t.lateWithinGrace,
        reason: `${date}发布（${source}），逾期${late}天（期限${deadline.date}）`,
        evidence,
      },
      onTime: false,
    };
  }
  return {
    dim: {
      ...base,
      points: t.lateBeyondGrace,
      reason: `${date}发布（${source}），逾期${late}天，超过${t.lateGraceDays}天（期限${deadline.date}）`,
      evidence,
    },
    onTime: false,
  };
}

const SECTION_NAMES: Record<string, string> = {
  overview: "总体情况",
  proactive: "主动公开",
  applications: "依申请公开",
  review_litigation: "行政复议和诉讼",
  fees: "收费及减免",
  problems: "问题及改进",
  other: "其他需要报告的事项",
  improvements: "改进措施",
  consultations: "咨询处理",
};

function structure(input: GradeInput, rubric: Rubric): DimensionResult {
  const s = rubric.structure;
  const r = input.report!;
  const modern = input.year >= 2019;
  const required = modern ? s.required2019 : s.requiredLegacy;
  const present = new Set(r.sections.map((x) => x.key));
  if (present.has("improvements")) present.add("problems");
  // A 2019+ report written in legacy prose has no table sections, whatever its headings say.
  const legacyInModernEra = modern && r.format === "legacy";
  const found = required.filter((k) => present.has(k) && !(legacyInModernEra && s.tableSections.includes(k)));
  const missing = required.filter((k) => !found.includes(k));
  const points = Math.min(s.max, found.length * s.perSection);
  const reason =
    (missing.length === 0
      ? `规定的${required.length}个部分齐全`
      : `缺少：${missing.map((k) => SECTION_NAMES[k] ?? k).join("、")}`) +
    (legacyInModernEra ? `；${input.year}年度报告未采用规定格式（缺少统计表）` : "");
  return {
    dimension: "structure",
    name: "结构完整",
    points,
    max: s.max,
    reason,
    evidence: { found, missing, format: r.format },
  };
}

function dataDisclosure(input: GradeInput, rubric: Rubric): DimensionResult {
  const d = rubric.dataDisclosure;
  const r = input.report!;
  const base = { dimension: "data" as const, name: "数据公开", max: d.max };
  if (input.year >= 2019) {
    if (r.format === "legacy" || r.format === null) {
      return {
        ...base,
        points: 0,
        reason: "未按规定格式公开统计表（表二、表三、表四均未找到）",
        evidence: { tables: {} },
      };
    }
    const expected = r.format === "2019" ? TABLE_CELLS_2019 : TABLE_CELLS_2021;
    let points = 0;
    const parts: string[] = [];
    const tables: Record<string, { cells: number; expected: number }> = {};
    for (const table of ["二", "三", "四"] as const) {
      const cells = r.values.filter((v) => tableOf(v.key) === table);
      // Blank cells count as disclosed only when the table prints numbers at all.
      const anyNumber = cells.some((v) => v.value !== null);
      const found = anyNumber ? cells.length : 0;
      const share = Math.min(1, found / expected[table]);
      points += d.tables2019[table] * share;
      tables[table] = { cells: found, expected: expected[table] };
      parts.push(`表${table} ${found}/${expected[table]}`);
    }
    return {
      ...base,
      points: round(points),
      reason: `统计表填报：${parts.join("，")}`,
      evidence: { tables },
    };
  }
  const found: string[] = [];
  const missing: string[] = [];
  for (const [item, keys] of Object.entries(d.legacyFigures)) {
    (r.values.some((v) => keys.includes(v.key) && v.value !== null) ? found : missing).push(item);
  }
  const points = Math.min(d.max, found.length * d.pointsPerLegacyFigure);
  const names = (xs: string[]) => xs.map((k) => SECTION_NAMES[k] ?? k).join("、");
  return {
    ...base,
    points,
    reason: missing.length === 0 ? "主动公开、依申请、复议诉讼、收费数据均有" : `未见数据：${names(missing)}`,
    evidence: { found, missing },
  };
}

/** X-1 and X-2: this year against the previous report. */
function crossYearChecks(input: GradeInput): GradedCheck[] {
  const prev = input.previous;
  const r = input.report!;
  if (!prev || prev.year !== input.year - 1) return [];
  const now = new Map(r.values.map((v) => [v.key, v.value]));
  const before = new Map(prev.values.map((v) => [v.key, v.value]));
  const checks: GradedCheck[] = [];
  for (const c of APPLICATION_COLUMNS) {
    const over = now.get(`apply.carried_over.${c}`);
    const forward = before.get(`apply.carried_forward.${c}`);
    if (over === undefined || forward === undefined || (over === null && forward === null)) continue;
    const ok = (over ?? 0) === (forward ?? 0);
    checks.push({
      key: `X-1:${c}`,
      severity: "soft",
      status: ok ? "pass" : "fail",
      left: `${input.year}年 carried_over.${c} = ${over ?? 0}`,
      right: `${prev.year}年 carried_forward.${c} = ${forward ?? 0}`,
      message: ok
        ? "上年结转与上年报告一致"
        : `上年结转${over ?? 0}件，与上年报告的结转下年度${forward ?? 0}件不一致`,
    });
  }
  for (const kind of ["rules", "normative_docs"]) {
    const inForce = now.get(`proactive.${kind}.in_force`);
    const issued = now.get(`proactive.${kind}.issued`);
    const repealed = now.get(`proactive.${kind}.repealed`);
    const prevInForce = before.get(`proactive.${kind}.in_force`);
    if ([inForce, issued, repealed, prevInForce].some((v) => v === undefined || v === null)) continue;
    const expected = prevInForce! + issued! - repealed!;
    const ok = Math.abs(expected - inForce!) <= Math.max(2, expected * 0.1);
    checks.push({
      key: `X-2:${kind}`,
      severity: "soft",
      status: ok ? "pass" : "fail",
      left: `现行有效 ${inForce}`,
      right: `上年现行有效 ${prevInForce} + 本年制发 ${issued} − 本年废止 ${repealed} = ${expected}`,
      message: ok ? "现行有效件数与上年衔接" : `现行有效件数${inForce}与上年推算的${expected}相差较大`,
    });
  }
  return checks;
}

function integrity(
  input: GradeInput,
  rubric: Rubric,
  cross: GradedCheck[],
): { dim: DimensionResult; warnings: string[] } {
  const g = rubric.integrity;
  const r = input.report!;
  const base = { dimension: "integrity" as const, name: "数据准确", max: g.max };
  const hard = r.checks.filter(
    (c) =>
      c.severity === "hard" && g.hardChecks.includes(c.key.split(":")[0]!) && c.status !== "not_applicable",
  );
  const soft = [...r.checks.filter((c) => c.severity === "soft"), ...cross];
  const softFailed = soft.filter((c) => c.status === "fail");
  const warnings = softFailed.map((c) => `${c.key}：${c.message}（${c.left}；${c.right}）`);
  const softCost = Math.min(g.softCheckMaxCost, softFailed.length * g.softCheckCost);
  const failed = hard.filter((c) => c.status === "fail");
  const evidence = {
    passed: hard.length - failed.length,
    failed: failed.map((c) => c.key),
    softFailed: softFailed.map((c) => c.key),
  };
  if (hard.length === 0) {
    if (input.year >= 2019)
      return { dim: { ...base, points: 0, reason: "无统计表，无法核验勾稽关系", evidence }, warnings };
    const figures = new Set(
      r.values.filter((v) => v.key.startsWith("text.") && v.value !== null).map((v) => v.key),
    ).size;
    const points = round(Math.max(0, (g.max * Math.min(figures, 4)) / 4 - softCost));
    return {
      dim: { ...base, points, reason: `旧格式报告：文中数据${figures}项（按数据完整程度计分）`, evidence },
      warnings,
    };
  }
  const points = round(Math.max(0, (g.max * (hard.length - failed.length)) / hard.length - softCost));
  const reason =
    failed.length === 0
      ? `勾稽关系全部成立（${hard.length}项）`
      : `${failed.length}项勾稽关系不成立：${failed
          .slice(0, 4)
          .map((c) => c.key)
          .join("、")}${failed.length > 4 ? "等" : ""}`;
  return {
    dim: {
      ...base,
      points,
      reason: reason + (softCost > 0 ? `；${softFailed.length}项提示性核验未通过，扣${softCost}分` : ""),
      evidence,
    },
    warnings,
  };
}

/** The part of a problems-and-improvements section before the plans start. */
function splitProblemsImprovements(text: string): { problems: string; improvements: string } {
  const at = text.search(/(下一步|下步|改进措施|为此|今后|我们将|将采取)/);
  return at > 0
    ? { problems: text.slice(0, at), improvements: text.slice(at) }
    : { problems: text, improvements: "" };
}

function bodyLength(text: string, title: string): number {
  return text.replace(title, "").replace(/\s+/g, "").length;
}

function substance(
  input: GradeInput,
  rubric: Rubric,
): { dim: DimensionResult; similarity: GradeResult["similarity"] } {
  const s = rubric.substance;
  const r = input.report!;
  const section = (key: string) => r.sections.find((x) => x.key === key);
  const problems = section("problems");
  const improvements = section("improvements");
  let problemText = problems ? problems.text.replace(problems.title, "") : "";
  let improvementText = improvements ? improvements.text.replace(improvements.title, "") : "";
  if (problems && improvements && problems.text === improvements.text) {
    const split = splitProblemsImprovements(problemText);
    problemText = split.problems;
    improvementText = split.improvements;
  }
  const judge = (text: string, max: number) => {
    const n = bodyLength(text, "");
    const specific = /(一是|二是|[(（][一二三][)）]|\d|[;；])/.test(text);
    if (n >= s.specificMinChars && specific) return { points: max, note: `${n}字，具体` };
    if (n >= s.vagueMinChars) return { points: max / 2, note: `${n}字，较笼统` };
    return { points: 0, note: n === 0 ? "未写" : `仅${n}字` };
  };
  const p = judge(problemText, s.problems);
  const i = judge(improvementText, s.improvements);
  let originality = s.originality.max;
  let originalityNote = "无上年报告可比";
  let similarity: GradeResult["similarity"] = null;
  if (input.previous) {
    const value = textSimilarity(r.text, input.previous.text);
    const shown = Math.round(value * 100);
    similarity = {
      value: Math.round(value * 1000) / 1000,
      passages: value >= s.originality.fullBelow ? sharedPassages(r.text, input.previous.text) : [],
    };
    if (value < s.originality.fullBelow) {
      originalityNote = `与${input.previous.year}年报告相似度${shown}%`;
    } else if (value < s.originality.partialBelow) {
      originality = s.originality.partialPoints;
      originalityNote = `与${input.previous.year}年报告相似度${shown}%，重复较多`;
    } else {
      originality = 0;
      originalityNote = `内容雷同：与${input.previous.year}年报告相似度${shown}%`;
    }
  }
  return {
    dim: {
      dimension: "substance",
      name: "内容实质",
      points: round(p.points + i.points + originality),
      max: s.max,
      reason: `存在问题：${p.note}；改进措施：${i.note}；${originalityNote}`,
      evidence: {
        problems: p.points,
        improvements: i.points,
        originality,
        similarity: similarity?.value ?? null,
      },
    },
    similarity,
  };
}

function accessibility(input: GradeInput, rubric: Rubric): DimensionResult {
  const a = rubric.accessibility;
  const r = input.report!;
  const readable = !r.scanned;
  const hosts = new Set(
    [input.agency.siteUrl, ...input.agency.listUrls].filter(Boolean).map((u) => new URL(u!).host),
  );
  const own = r.sourceUrl ? hosts.has(new URL(r.sourceUrl).host) : false;
  const points =
    (readable ? a.machineReadable : a.machineReadable - 3 > 0 ? a.machineReadable - 3 : 0) +
    (own ? a.ownSite : 0);
  const format =
    r.sourceKind === "pdf" ? "PDF" : r.sourceKind === "docx" || r.sourceKind === "doc" ? "Word文档" : "网页";
  return {
    dimension: "accessibility",
    name: "可获取性",
    points,
    max: a.max,
    reason: `${readable ? `可机读（${format}）` : "扫描件，无文字层"}；${own ? "发布在本机关网站" : "未在本机关网站找到"}`,
    evidence: { sourceUrl: r.sourceUrl, sourceKind: r.sourceKind, scanned: r.scanned, ownSite: own },
  };
}

/**
 * Grades one agency-year by the rubric. Pure and deterministic: the same input gives the same
 * points, reasons and evidence. A missing report is an F with 0 points and where the crawler looked.
 */
export function gradeAgencyYear(input: GradeInput, rubric: Rubric): GradeResult {
  const deadline = deadlineFor(input.agency, input.year);
  if (!input.report) {
    const where = input.looked.length
      ? `；已检查${input.looked.length}个页面，最近一次${input.looked
          .map((l) => l.at)
          .sort()
          .at(-1)!
          .slice(0, 10)}`
      : "；尚未抓取该机关网站";
    const zero = (dimension: DimensionResult["dimension"], name: string, max: number): DimensionResult => ({
      dimension,
      name,
      points: 0,
      max,
      reason: `未发现年度报告${where}`,
      evidence: { looked: input.looked.slice(0, 20) },
    });
    const f = letterFor(rubric, 0);
    return {
      score: 0,
      ...f,
      deadline,
      onTime: null,
      dimensions: [
        zero("timeliness", "按时发布", rubric.timeliness.max),
        zero("structure", "结构完整", rubric.structure.max),
        zero("data", "数据公开", rubric.dataDisclosure.max),
        zero("integrity", "数据准确", rubric.integrity.max),
        zero("substance", "内容实质", rubric.substance.max),
        zero("accessibility", "可获取性", rubric.accessibility.max),
      ],
      warnings: [],
      similarity: null,
    };
  }
  const time = timeliness(input, rubric, deadline);
  const cross = crossYearChecks(input);
  const integ = integrity(input, rubric, cross);
  const subst = substance(input, rubric);
  const dimensions = [
    time.dim,
    structure(input, rubric),
    dataDisclosure(input, rubric),
    integ.dim,
    subst.dim,
    accessibility(input, rubric),
  ];
  const score = round(dimensions.reduce((sum, d) => sum + d.points, 0));
  const warnings = [...integ.warnings];
  if (input.year >= 2019 && input.report.format === "legacy")
    warnings.push(`${input.year}年度报告应采用规定格式，未见统计表`);
  if (subst.similarity && subst.similarity.value >= rubric.substance.originality.partialBelow)
    warnings.push("内容雷同：与上年报告高度相似");
  return {
    score,
    ...letterFor(rubric, score),
    deadline,
    onTime: time.onTime,
    dimensions,
    warnings,
    similarity: subst.similarity,
  };
}
