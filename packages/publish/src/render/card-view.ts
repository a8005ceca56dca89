import type { PublishedGrade } from "@touming/grade";
import type { Agency, ReportWithSource } from "@touming/store";
import { type ReportFormat, findingKey } from "@touming/vocabulary";
import { cardFindings, checkKeys } from "./card-findings.js";
import { type OcrNote, ocrNote, ocrSummary } from "./ocr-marks.js";
import { correctionNote, reviewNote, reviewedSource } from "./review-notes.js";
import { unevaluableChecks } from "./unevaluable-checks.js";
import { barChart } from "./charts.js";
import { grantRate, indicators } from "./indicators.js";
import { summaryPath } from "./page-paths.js";

const FORMATS: Record<string, string> = {
  legacy: "旧格式（2008年条例）",
  "2019": "2019年格式",
  "2021": "2021年格式",
};

const valueMapOf = (report: ReportWithSource | undefined) =>
  new Map((report?.values ?? []).map((v) => [v.key, v.value]));

/**
 * The two trend charts of a card, over every year the agency reported (none with a single year),
 * the card's own year marked.
 */
function trendCharts(reports: ReadonlyMap<number, ReportWithSource>, year: number): string[] {
  const years = [...reports.keys()].sort((a, b) => a - b);
  const values = new Map(years.map((y) => [y, valueMapOf(reports.get(y))]));
  const at = (y: number, key: string) => values.get(y)?.get(key) ?? null;
  // 收到申请 is 本年新收, as on the card's indicators and in the summaries.
  const received = (y: number) => at(y, "apply.new_received.total") ?? at(y, "text.applications_received");
  // The indicator's own definition: a blank 总计 beside printed cells leaves the year without a bar.
  const grant = (y: number) => {
    const rate = grantRate(values.get(y) ?? new Map());
    return rate === null ? null : Math.round(rate * 1000) / 10;
  };
  const trendYears = years.filter((y) => TREND_KEYS.some((k) => values.get(y)!.has(k)));
  if (trendYears.length <= 1) return [];
  return [
    barChart(
      "收到申请（本年新收，件）",
      trendYears.map((y) => ({ label: String(y), value: received(y) })),
      { highlight: String(year) },
    ),
    barChart(
      "公开率（%）",
      trendYears.map((y) => ({ label: String(y), value: grant(y) })),
      { unit: "%", highlight: String(year) },
    ),
  ];
}

const TREND_KEYS = [
  "apply.new_received.total",
  "apply.carried_over.total",
  "apply.granted.total",
  "apply.partially_granted.total",
  "apply.handled_total.total",
  "text.applications_received",
];

export interface CardInput {
  agency: Agency;
  grade: PublishedGrade;
  /** Every report of the agency, by year. */
  reports: ReadonlyMap<number, ReportWithSource>;
  jurisdiction: { id: string; name: string };
  archivePath: string | null;
  minSample: number;
  common: { rubricVersion: string; rubricTitle: string; generatedOn: string };
}

/** The heading of a card whose agency-year is not graded from a report. */
const STATE_TITLES: Readonly<Record<string, string>> = {
  not_found: "未发现年度报告",
  unverifiable: "无法核实",
  not_monitored: "未纳入监测",
};

/** A URL as a reader reads it: percent-encoded Chinese decoded (the link itself keeps the real URL). */
function readableUrl(url: string): string {
  try {
    return decodeURI(url);
  } catch {
    return url;
  }
}

/** What the card template shows for one agency-year. */
export function cardView(input: CardInput) {
  const { agency, grade } = input;
  const year = grade.year;
  // The report as the corrections in force leave it (corrected cells, the checks recomputed from them).
  const source = reviewedSource(grade.missing ? undefined : input.reports.get(year), grade);
  const previous = input.reports.get(year - 1);
  const checks = source?.checks ?? [];
  const format = (source?.report.format ?? "legacy") as ReportFormat;
  // A failure on figures read from a scan not all with confidence is a 提示 for human check, not an error.
  const failedChecks = checks
    .filter((c) => c.status === "fail" && c.severity === "hard" && !c.ocr_review)
    .map((c) => ({ key: c.key, left: c.left ?? "", right: c.right ?? "", message: c.message ?? "" }));
  const forReview = checks.filter((c) => c.status === "fail" && c.severity === "hard" && c.ocr_review);
  const hardChecks = checks.filter(
    (c) => c.severity === "hard" && (c.status === "pass" || c.status === "fail"),
  ).length;
  // Failed checks an office dismissed: still stated, marked 已撤销, costing nothing.
  const waived = failedChecks.filter((c) =>
    grade.findings.some((f) => f.key === findingKey.check(c.key) && f.state === "dismissed"),
  ).length;
  const unevaluable = unevaluableChecks(source, format);
  const doc = source?.document;
  const reviewedDate = grade.corrections.find((c) => c.fact === "publish_date");
  return {
    ...input.common,
    title: `${agency.name} ${year}年度报告评估`,
    root: "../../",
    agencyName: agency.name,
    year,
    letter: grade.letter,
    label: grade.label,
    score: grade.score,
    state: grade.state,
    /** 无法核实 and 未纳入监测 carry no grade: no score is shown. */
    scoreShown: grade.state === "graded" || grade.state === "not_found",
    stateTitle: STATE_TITLES[grade.state] ?? "",
    stateReason: grade.stateReason ?? "",
    resolve: grade.resolve ?? "",
    /** The review of a year shown not published (未发现), when it is one (or was, until dismissed). */
    missingReview: grade.findings.some((f) => f.key === findingKey.missing)
      ? reviewNote(grade.findings.find((f) => f.key === findingKey.missing))
      : null,
    unscoredNote:
      grade.unscored.length && grade.state === "graded"
        ? `${grade.unscored.join("、")}因证据不足未计分，得分按其余维度折算为百分制。`
        : "",
    caps: grade.caps.map((c) => ({ reason: c.reason, maxScore: c.maxScore })),
    rawScore: grade.rawScore,
    onTimeText: grade.onTime === null ? null : grade.onTime ? "按时发布" : "逾期发布",
    deadline: grade.deadline.date,
    deadlineBasis: grade.deadline.basis,
    missing: grade.missing,
    looked: grade.missing
      ? (
          ((grade.dimensions[0]?.evidence ?? {}) as { looked?: { url: string; at: string }[] }).looked ?? []
        ).map((l) => ({ url: l.url, at: l.at.slice(0, 10) }))
      : [],
    dimensions: grade.dimensions.map((d) => ({
      name: (d.evidence as { name?: string }).name ?? d.dimension,
      points: (d.evidence as { scored?: boolean }).scored === false ? "不计分" : d.points,
      max: d.max_points,
      reason: d.reason,
    })),
    indicators: grade.missing
      ? []
      : indicators(valueMapOf(source), previous ? valueMapOf(previous) : null, input.minSample).map((i) => ({
          ...i,
          ocr: ocrNote(source, i.keys),
        })),
    /** The report was read from a scan: said once in the summary, with its page images and the cells not read. */
    ocr: grade.missing ? null : ocrSummary(source, format),
    charts: trendCharts(input.reports, year),
    findings: cardFindings(grade, source, input.archivePath),
    failedChecks,
    checkSummary:
      (failedChecks.length > 0
        ? `共核验${hardChecks - forReview.length}项勾稽关系，${failedChecks.length}项不成立${waived > 0 ? `（其中${waived}项经复核撤销）` : ""}（见上文“发现的问题”）`
        : hardChecks > forReview.length
          ? `${hardChecks - forReview.length}项勾稽关系全部成立`
          : forReview.length > 0
            ? "勾稽关系无法核实"
            : unevaluable.length > 0
              ? "统计表中无可完整核验的勾稽关系"
              : "无统计表可核验") +
      (forReview.length > 0
        ? `${hardChecks > forReview.length ? "；另有" : "："}${forReview.length}项所涉数字据扫描件识别且未能全部确认，列为提示，需人工核对，不视为机关的差错`
        : ""),
    /** Identities a blank cell keeps from being checked: listed as not checkable, never as errors. */
    unevaluable,
    // Soft checks and the grade's own remarks, each hint with its review; the extractor's
    // diagnostics stay in open data.
    warnings: hintsWithReviews(grade, source, format),
    /** The facts offices corrected by review, in force: what, instead of what, since when and why. */
    corrections: grade.corrections.map((c) =>
      correctionNote(c, agency.id, (source?.report.format ?? null) as ReportFormat | null),
    ),
    /** The grade before the reviews changed it (with what they did), when they did. */
    withoutReviews: grade.withoutReviews
      ? {
          text:
            grade.withoutReviews.state === "graded" || grade.withoutReviews.state === "not_found"
              ? `${grade.withoutReviews.letter} ${grade.withoutReviews.label}，${grade.withoutReviews.score}分`
              : grade.withoutReviews.label,
          effects: grade.reviewEffects,
        }
      : null,
    passages: grade.similarity?.passages ?? [],
    reportTitle: source?.report.title ?? "",
    sourceUrl: doc?.url && /^https?:\/\//i.test(doc.url) ? doc.url : "",
    sourceUrlShown: doc?.url ? readableUrl(doc.url) : "",
    fetchedAt: doc?.last_seen_at ? doc.last_seen_at.slice(0, 10) : "",
    publishDate: reviewedDate ? reviewedDate.value : (source?.report.publish_date ?? "未见"),
    publishDateNote: reviewedDate ? `经复核更正（原为${reviewedDate.extracted ?? "未见"}）` : "",
    publishDateEvidence:
      reviewedDate?.evidence && /^https?:\/\//i.test(reviewedDate.evidence) ? reviewedDate.evidence : "",
    format: FORMATS[source?.report.format ?? ""] ?? "",
    sha256: doc?.blob_sha256 ?? "",
    archivePath: input.archivePath,
    jurisdictionPath: summaryPath(input.jurisdiction.id, year),
    jurisdictionName: input.jurisdiction.name,
  };
}

/**
 * The card's 提示 with the review of each that is a finding (a failed soft check, another body's
 * name on the report, a failure on figures read from a scan left for human check): its state and
 * the reviewer's note, and for a check on figures read from a scan, how sure and the page image.
 * The other remarks are not reviewed.
 */
function hintsWithReviews(
  grade: PublishedGrade,
  source: ReportWithSource | undefined,
  format: ReportFormat,
): { text: string; state: string; note: string; ocr: OcrNote | null }[] {
  const hints = grade.findings.filter((f) => f.kind === "hint");
  return grade.warnings.map((text) => {
    const finding = hints.find((f) => text.startsWith(f.summary));
    if (!finding) return { text, state: "", note: "", ocr: null };
    const { state, note } = reviewNote(finding);
    const check = source?.checks.find((c) => findingKey.check(c.key) === finding.key);
    const ocr = check ? ocrNote(source, checkKeys(check.key, check.left, format)) : null;
    return { text, state, note, ocr };
  });
}
