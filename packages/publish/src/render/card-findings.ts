import type { PublishedGrade } from "@touming/grade";
import type { ReportWithSource } from "@touming/store";
import {
  type ReportFormat,
  checkIdOf,
  describeCell,
  findingKey,
  formLabel,
  identityTerms,
  sectionName,
} from "@touming/vocabulary";
import { type OcrNote, ocrNote } from "./ocr-marks.js";
import { type ReviewNote, reviewNote } from "./review-notes.js";

/**
 * One problem a card states for the office to act on: what is wrong in one sentence (the form's own
 * row and column labels, both sides and the difference), where it is, what to do, and the points it
 * cost when it cost any.
 */
export interface CardFinding {
  /** The finding's stable key (`check:T3-A:total`): what an office reviews it by (never printed). */
  key: string;
  text: string;
  where: string;
  action: string;
  /** `−5` when the problem cost points, else empty. */
  points: string;
  /**
   * Where to see it in the archived copy, relative to the site's root: a PDF at the page of the
   * first cell involved (`#page=N`), an HTML page at the row's label (a text fragment); empty when
   * there is no archived copy or nothing to point at.
   */
  link: string;
  /** Where it stands by the offices' reviews (待复核, 已确认, 已撤销) and the reviewer's note. */
  review: ReviewNote;
  /** Its figures were read from a scan: 据扫描件识别, how sure, and the page image; null otherwise. */
  ocr: OcrNote | null;
}

/** How a finding points into the archived copy of the report. */
interface ArchiveLink {
  archivePath: string | null;
  /** The page of a value (PDF sources), by key. */
  pageOf(key: string): number | null;
}

/** A link into the archived copy at `key`'s page (PDF) or at `label` (HTML text fragment). */
function linkInto(archive: ArchiveLink, key: string | undefined, label: string | null | undefined): string {
  const { archivePath } = archive;
  if (!archivePath) return "";
  if (archivePath.endsWith(".pdf")) {
    const page = key ? archive.pageOf(key) : null;
    return page ? `${archivePath}#page=${page}` : archivePath;
  }
  if (archivePath.endsWith(".html.txt") && label)
    return `${archivePath}#:~:text=${encodeURIComponent(label.replace(/^[（(]?[一二三四五六七八九十\d]+[)）、.．]\s*/, ""))}`;
  return archivePath;
}

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : String(Math.round(n * 100) / 100));
/** A label of the form as a card quotes it: 「…」, or 「（未列明）」 when the form has none. */
export const quoted = (label: string | null | undefined) => `「${label ?? "（未列明）"}」`;
const sum = (keys: readonly string[], value: (key: string) => number) =>
  keys.reduce((n, k) => n + value(k), 0);

const CORRECT = "请核对原始台账，更正报告原文中的错误数据，并在报告中注明更正日期。";

/** A failed identity of tables 三 and 四 in one sentence, from the terms the vocabulary gives for it. */
function identitySentence(key: string, format: ReportFormat, value: (key: string) => number): string | null {
  const terms = identityTerms(key, format);
  if (!terms) return null;
  const label = (k: string) => formLabel(k, format);
  const l = sum(terms.left, value);
  const r = sum(terms.right, value);
  const gap = `两者应当相等，相差${fmt(Math.abs(l - r))}`;
  // A row under a heading is named with it: 「三、本年度办理结果」下「（七）总计」.
  const rowName = (k: string) => {
    const l = label(k);
    const own = quoted(l?.rowLabel ?? l?.columnLabel);
    const group = l?.rowGroups.at(-1);
    return group ? `${quoted(group)}下${own}` : own;
  };
  const named = (keys: readonly string[]) => keys.map((k) => `${rowName(k)}（${fmt(value(k))}）`).join("与");
  switch (checkIdOf(key)) {
    case "T3-A": {
      const column = label(terms.left[0]!)?.columnLabel;
      return `表三${quoted(column)}列中，${named(terms.left)}之和为${fmt(l)}，${named(terms.right)}之和为${fmt(r)}，${gap}。`;
    }
    case "T3-B": {
      const row = rowName(terms.left[0]!);
      const columns = terms.right.map((k) => label(k)?.columnLabel ?? "").join("、");
      return `表三${row}行中，「总计」列为${fmt(l)}，各类申请人（${columns}）之和为${fmt(r)}，${gap}。`;
    }
    case "T3-C": {
      const column = label(terms.left[0]!)?.columnLabel;
      return `表三${quoted(column)}列中，「办理结果总计」为${fmt(l)}，各项办理结果之和为${fmt(r)}，${gap}。`;
    }
    case "T4-A": {
      const groups = (label(terms.left[0]!)?.columnGroups ?? []).map(quoted).join("");
      const outcomes = terms.right.map((k) => quoted(label(k)?.columnLabel)).join("");
      return `表四${groups}中，「总计」为${fmt(l)}，${outcomes}之和为${fmt(r)}，${gap}。`;
    }
    default:
      return null;
  }
}

/** The cells NONNEG found negative or fractional (`apply.x.total = -1; …` on its left side). */
function nonNegativeSentence(left: string, format: ReportFormat): string {
  const cells = left
    .split("; ")
    .map((part) => /^(\S+) = (.*)$/.exec(part))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => `${describeCell(m[1]!, format) ?? "统计表中一处"}为${m[2]}`);
  return `统计表中${cells.length}个数不是非负整数：${cells.slice(0, 5).join("；")}${cells.length > 5 ? "等" : ""}。`;
}

/** The cells NONNEG names on its left side (`apply.x.total = -1; …`). */
const nonNegativeKeys = (left: string): string[] =>
  left
    .split("; ")
    .map((part) => /^(\S+) = /.exec(part)?.[1])
    .filter((k): k is string => k !== undefined);

/** The value keys a check reads, for its OCR note: the identity's terms, or the cells NONNEG names. */
export function checkKeys(key: string, left: string | null, format: ReportFormat): string[] {
  if (checkIdOf(key) === "NONNEG") return nonNegativeKeys(left ?? "");
  const terms = identityTerms(key, format);
  return terms ? [...terms.left, ...terms.right] : [];
}

/**
 * The failed hard checks of the report, each a finding costing its points (version 2: 5 each). A
 * failure on figures read from a scan not all with confidence (`ocr_review`) is no finding here: the
 * card lists it as a 提示 for human check.
 */
function checkFindings(
  grade: PublishedGrade,
  source: ReportWithSource,
  format: ReportFormat,
  archive: ArchiveLink,
): Omit<CardFinding, "review">[] {
  const values = new Map(source.values.map((v) => [v.key, v.value ?? 0]));
  const value = (key: string) => values.get(key) ?? 0;
  const integrity = grade.dimensions.find((d) => d.dimension === "integrity");
  const perCheck = (integrity?.evidence as { perFailedHard?: number } | undefined)?.perFailedHard;
  return source.checks
    .filter((c) => c.severity === "hard" && c.status === "fail" && !c.ocr_review)
    .map((c): Omit<CardFinding, "review"> => {
      const id = checkIdOf(c.key);
      const text =
        id === "NONNEG"
          ? nonNegativeSentence(c.left ?? "", format)
          : (identitySentence(c.key, format, value) ?? "统计表中一项勾稽关系不成立。");
      const first = id === "NONNEG" ? undefined : identityTerms(c.key, format)?.left[0];
      const label = first ? formLabel(first, format) : null;
      return {
        key: findingKey.check(c.key),
        text,
        where: id === "T4-A" ? "表四" : "表三",
        action: CORRECT,
        points: perCheck ? `−${perCheck}` : "",
        link: linkInto(archive, first, label?.rowLabel ?? label?.columnLabel),
        ocr: ocrNote(source, checkKeys(c.key, c.left, format)),
      };
    });
}

/** Points a dimension lost (0 when it was not scored). */
const lostPoints = (grade: PublishedGrade, key: string): number => {
  const d = grade.dimensions.find((x) => x.dimension === key);
  if (!d || (d.evidence as { scored?: boolean }).scored === false) return 0;
  return Math.max(0, d.max_points - d.points);
};

/** Points a dimension lost, as the card prints them (`−10`), or empty. */
const lost = (grade: PublishedGrade, key: string): string => {
  const points = lostPoints(grade, key);
  return points > 0 ? `−${fmt(points)}` : "";
};

/**
 * What a card lists under 发现的问题及整改建议: failed identities in the form's words, lateness,
 * each missing section, tables not in the prescribed form, a report copied from the year before;
 * each with where it stands by the offices' reviews (a dismissed one is listed as 已撤销 and costs
 * nothing). Only what the evidence shows: a dimension that was not scored says nothing here.
 * `source` is the report as the corrections in force leave it (`reviewedSource`).
 */
export function cardFindings(
  grade: PublishedGrade,
  source: ReportWithSource | undefined,
  archivePath: string | null = null,
): CardFinding[] {
  if (!source || grade.state !== "graded") return [];
  const pages = new Map(source.values.map((v) => [v.key, (v as { page?: number | null }).page ?? null]));
  const archive: ArchiveLink = { archivePath, pageOf: (key) => pages.get(key) ?? null };
  const format = (source.report.format ?? "legacy") as ReportFormat;
  const out: Omit<CardFinding, "review">[] = [];
  const evidenceOf = (key: string) =>
    (grade.dimensions.find((d) => d.dimension === key)?.evidence ?? {}) as Record<string, unknown>;
  const reviewed = new Map(grade.findings.map((f) => [f.key, f]));
  const dismissed = (key: string) => reviewed.get(key)?.state === "dismissed";

  const timing = evidenceOf("timeliness") as {
    publishDate?: string;
    daysLate?: number;
    atLeast?: boolean;
    deadline?: string;
  };
  if (timing.daysLate && timing.daysLate > 0)
    out.push({
      key: findingKey.late,
      text: `报告${timing.atLeast ? "至少" : ""}逾期${timing.daysLate}天发布（发布期限${timing.deadline}，${timing.atLeast ? "有据可查的日期" : "发布日期"}${timing.publishDate}）。`,
      where: "发布日期",
      action: "今后应在发布期限前发布年度报告。",
      points: dismissed(findingKey.late) ? "" : lost(grade, "timeliness"),
      link: "",
      ocr: null,
    });

  // One finding per missing section: each is reviewed on its own. The ones dismissed cost nothing.
  const structure = evidenceOf("structure") as { missing?: string[]; dismissed?: string[] };
  const charged = structure.missing ?? [];
  const each = charged.length ? lostPoints(grade, "structure") / charged.length : 0;
  for (const section of [...charged, ...(structure.dismissed ?? [])])
    out.push({
      key: findingKey.section(section),
      text: `报告缺少「${sectionName(section)}」部分。`,
      where: "报告结构",
      action: "按规定的格式补充相应内容，在以后的年度报告中完整报告。",
      points: charged.includes(section) && each > 0 ? `−${fmt(each)}` : "",
      link: archivePath ?? "",
      ocr: null,
    });

  if (source.report.year >= 2019 && (format === "legacy" || source.report.format === null))
    out.push({
      key: findingKey.tables,
      text: "报告未按规定格式列出统计表（表二、表三、表四）。",
      where: "统计表",
      action: "按国务院办公厅政府信息公开办公室规定的格式列表公开统计数据。",
      points: dismissed(findingKey.tables) ? "" : lost(grade, "data"),
      link: archivePath ?? "",
      ocr: null,
    });

  out.push(
    ...checkFindings(grade, source, format, archive).map((f) =>
      dismissed(f.key) ? { ...f, points: "" } : f,
    ),
  );

  const copied = grade.caps.find((c) => c.kind === "copied");
  if (copied || dismissed(findingKey.copied))
    out.push({
      key: findingKey.copied,
      text: copied ? `${copied.reason.split("；")[0]}。` : "疑似照抄上年报告。",
      where: "全文",
      action: "如实总结本年度工作，更新统计数据和存在的问题、改进措施。",
      points: "",
      link: archivePath ?? "",
      ocr: null,
    });
  return out.map((f) => ({ ...f, review: reviewNote(reviewed.get(f.key)) }));
}
