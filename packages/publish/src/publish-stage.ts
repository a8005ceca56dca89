import { stat } from "node:fs/promises";
import path from "node:path";
import {
  type Agency,
  type GradeRow,
  type Store,
  gradedYears,
  gradesOf,
  listAgencies,
  recordPublication,
  reportWithSource,
  valuesAcrossYears,
} from "@touming/store";
import type { Rubric } from "./grading/rubric.js";
import { outputPath, toCsv, writeIfChanged, type Written } from "./output-files.js";
import { barChart } from "./render/charts.js";
import { indicators } from "./render/indicators.js";
import { PdfRenderer } from "./render/pdf-renderer.js";
import { loadTemplates } from "./render/templates.js";

export interface PublishOptions {
  outDir: string;
  rubric: Rubric;
  /** Only this report year (the index and data still cover every year). */
  year?: number;
  /** Render PDFs with Chromium (default true). */
  pdf?: boolean;
  chromiumPath?: string;
  /** The date printed on every page; the only time stamp in the output (YYYY-MM-DD). */
  generatedOn: string;
  runId?: number | null;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

export interface PublishSummary {
  cards: number;
  summaries: number;
  pdfs: number;
  written: number;
  unchanged: number;
  indexPath: string;
}

interface Grade {
  agencyId: string;
  year: number;
  score: number;
  letter: string;
  label: string;
  onTime: boolean | null;
  deadline: { date: string; basis: string };
  warnings: string[];
  similarity: { value: number; passages: string[] } | null;
  dimensions: GradeRow[];
  missing: boolean;
}

function toGrade(rows: GradeRow[]): Grade {
  const total = rows.find((r) => r.dimension === "total")!;
  const e = JSON.parse(total.evidence) as Omit<
    Grade,
    "agencyId" | "year" | "score" | "dimensions" | "missing"
  >;
  return {
    agencyId: total.agency_id,
    year: total.year,
    score: total.points,
    letter: e.letter,
    label: e.label,
    onTime: e.onTime,
    deadline: e.deadline,
    warnings: e.warnings ?? [],
    similarity: e.similarity ?? null,
    dimensions: ORDER.map((d) => rows.find((r) => r.dimension === d)!).filter(Boolean),
    missing: total.report_id === null,
  };
}

const ORDER = ["timeliness", "structure", "data", "integrity", "substance", "accessibility"];
const LETTERS = ["A", "B", "C", "D", "F"];
const FORMATS: Record<string, string> = {
  legacy: "旧格式（2008年条例）",
  "2019": "2019年格式",
  "2021": "2021年格式",
};

/** Jurisdictions: each non-department agency with the agencies under it; parentless departments together. */
export function jurisdictions(
  agencies: readonly Agency[],
): { id: string; name: string; members: Agency[] }[] {
  const out: { id: string; name: string; members: Agency[] }[] = [];
  for (const a of agencies) {
    if (a.level === "department") continue;
    out.push({ id: a.id, name: a.name, members: [a, ...agencies.filter((c) => c.parentId === a.id)] });
  }
  // Every agency belongs somewhere: a department without a government above it (none, unknown, or
  // another department) goes to the unassigned group.
  const orphans = agencies.filter((a) => !out.some((g) => g.members.includes(a)));
  if (orphans.length > 0) out.push({ id: "unassigned", name: "未归属辖区的机关", members: orphans });
  return out;
}

const cardPath = (agencyId: string, year: number) => `cards/${agencyId}/${year}.html`;
const summaryPath = (jurisdictionId: string, year: number) => `jurisdictions/${jurisdictionId}/${year}.html`;

const TREND_KEYS = [
  "apply.new_received.total",
  "apply.carried_over.total",
  "apply.granted.total",
  "apply.partially_granted.total",
  "apply.handled_total.total",
  "text.applications_received",
];

/**
 * Renders everything oversight offices receive: a card per graded agency-year (HTML, and PDF through
 * Chromium), a summary per jurisdiction and year, an index, open data, and the archived sources.
 * Writing the same content twice changes no file; each file is recorded in `publications`.
 */
export async function runPublishStage(store: Store, options: PublishOptions): Promise<PublishSummary> {
  const outDir = path.resolve(options.outDir);
  const templates = loadTemplates();
  const agencies = await listAgencies(store.db);
  const byId = new Map(agencies.map((a) => [a.id, a]));
  const allYears = await gradedYears(store.db);
  const years = options.year === undefined ? allYears : allYears.filter((y) => y === options.year);
  const groups = jurisdictions(agencies);
  const jurisdictionOf = (a: Agency) =>
    groups.find((g) => g.id === a.id) ?? groups.find((g) => g.members.includes(a))!;
  const common = {
    rubricVersion: options.rubric.version,
    rubricTitle: options.rubric.title,
    generatedOn: options.generatedOn,
  };
  const summary: PublishSummary = {
    cards: 0,
    summaries: 0,
    pdfs: 0,
    written: 0,
    unchanged: 0,
    indexPath: path.join(outDir, "index.html"),
  };
  const pdfQueue: { file: string; header: string; year: number; agencyId: string | null; kind: string }[] =
    [];

  const record = async (w: Written, kind: string, agencyId: string | null, year: number | null) => {
    if (w.changed) summary.written++;
    else summary.unchanged++;
    await recordPublication(store.db, {
      path: w.path,
      kind,
      agencyId,
      year,
      sha256: w.sha256,
      bytes: w.bytes,
      runId: options.runId ?? null,
    });
  };
  const pdfMissingOrStale = async (htmlWritten: Written, pdfFile: string) => {
    return htmlWritten.changed || !(await stat(pdfFile).catch(() => null));
  };

  const gradesByYear = new Map<number, Grade[]>();
  for (const year of allYears) {
    const rows = await gradesOf(store.db, { year });
    const perAgency = new Map<string, GradeRow[]>();
    for (const r of rows) perAgency.set(r.agency_id, [...(perAgency.get(r.agency_id) ?? []), r]);
    gradesByYear.set(
      year,
      [...perAgency.values()].filter((rs) => rs.some((r) => r.dimension === "total")).map(toGrade),
    );
  }
  const gradeOf = (agencyId: string, year: number) =>
    gradesByYear.get(year)?.find((g) => g.agencyId === agencyId);

  const total = years.reduce((n, y) => n + (gradesByYear.get(y)?.length ?? 0), 0);
  let done = 0;
  for (const year of years) {
    for (const grade of gradesByYear.get(year) ?? []) {
      if (options.signal?.aborted) break;
      const agency = byId.get(grade.agencyId);
      if (!agency) continue;
      const source = grade.missing ? undefined : await reportWithSource(store.db, agency.id, year);
      const previous = await reportWithSource(store.db, agency.id, year - 1);
      const valueMap = new Map((source?.values ?? []).map((v) => [v.key, v.value]));
      const prevMap = previous ? new Map(previous.values.map((v) => [v.key, v.value])) : null;
      const trend = await valuesAcrossYears(store.db, agency.id, TREND_KEYS);
      const trendYears = [...new Set(trend.map((t) => t.year))].sort();
      const at = (y: number, key: string) => trend.find((t) => t.year === y && t.key === key)?.value ?? null;
      const received = (y: number) => {
        const a = at(y, "apply.new_received.total");
        return a === null
          ? at(y, "text.applications_received")
          : a + (at(y, "apply.carried_over.total") ?? 0);
      };
      const grant = (y: number) => {
        const h = at(y, "apply.handled_total.total");
        return h
          ? Math.round(
              (((at(y, "apply.granted.total") ?? 0) + (at(y, "apply.partially_granted.total") ?? 0)) / h) *
                1000,
            ) / 10
          : null;
      };
      const charts =
        trendYears.length > 1
          ? [
              barChart(
                "收到申请（件）",
                trendYears.map((y) => ({ label: String(y), value: received(y) })),
              ),
              barChart(
                "公开率（%）",
                trendYears.map((y) => ({ label: String(y), value: grant(y) })),
                { unit: "%" },
              ),
            ]
          : [];
      const failedChecks = (source?.checks ?? [])
        .filter((c) => c.status === "fail" && c.severity === "hard")
        .map((c) => ({
          key: c.key,
          left: c.actual ?? "",
          right: c.expected ?? "",
          message: c.message ?? "",
        }));
      const hardChecks = (source?.checks ?? []).filter(
        (c) => c.severity === "hard" && c.status !== "not_applicable",
      ).length;
      let archivePath: string | null = null;
      const doc = source?.document;
      if (doc?.blob_sha256) {
        const ext =
          /pdf/i.test(doc.content_type ?? "") || /\.pdf$/i.test(doc.url)
            ? "pdf"
            : /html/i.test(doc.content_type ?? "")
              ? "html"
              : "bin";
        const file = outputPath(outDir, "archive", `${doc.blob_sha256}.${ext}`);
        const w = await writeIfChanged(outDir, file, await store.blobs.get(doc.blob_sha256));
        await record(w, "archive", agency.id, year);
        archivePath = w.path;
      }
      const jurisdiction = jurisdictionOf(agency);
      const view = {
        ...common,
        title: `${agency.name} ${year}年度报告评估`,
        root: "../../",
        agencyName: agency.name,
        year,
        letter: grade.letter,
        label: grade.label,
        score: grade.score,
        onTimeText: grade.onTime === null ? null : grade.onTime ? "按时发布" : "逾期发布",
        deadline: grade.deadline.date,
        deadlineBasis: grade.deadline.basis,
        missing: grade.missing,
        looked: grade.missing
          ? (
              (
                JSON.parse(grade.dimensions[0]?.evidence ?? "{}") as {
                  looked?: { url: string; at: string }[];
                }
              ).looked ?? []
            ).map((l) => ({ url: l.url, at: l.at.slice(0, 10) }))
          : [],
        dimensions: grade.dimensions.map((d) => ({
          name: (JSON.parse(d.evidence) as { name?: string }).name ?? d.dimension,
          points: d.points,
          max: d.max_points,
          reason: d.reason,
        })),
        indicators: grade.missing ? [] : indicators(valueMap, prevMap, options.rubric.indicators.minSample),
        charts,
        failedChecks,
        checkSummary: hardChecks > 0 ? `${hardChecks}项勾稽关系全部成立` : "无统计表可核验",
        warnings: [...grade.warnings, ...(source ? (JSON.parse(source.report.warnings) as string[]) : [])],
        passages: grade.similarity?.passages ?? [],
        reportTitle: source?.report.title ?? "",
        sourceUrl: doc?.url ?? "",
        fetchedAt: doc?.last_seen_at ? doc.last_seen_at.slice(0, 10) : "",
        publishDate: source?.report.publish_date ?? "未见",
        format: FORMATS[source?.report.format ?? ""] ?? "",
        sha256: doc?.blob_sha256 ?? "",
        archivePath,
        jurisdictionPath: summaryPath(jurisdiction.id, year),
        jurisdictionName: jurisdiction.name,
      };
      const file = outputPath(outDir, "cards", agency.id, `${year}.html`);
      const w = await writeIfChanged(outDir, file, templates.card(view));
      await record(w, "card", agency.id, year);
      summary.cards++;
      const pdfFile = file.replace(/\.html$/, ".pdf");
      if (options.pdf !== false && (await pdfMissingOrStale(w, pdfFile))) {
        pdfQueue.push({
          file,
          header: `${agency.name} · ${year}年度报告评估 · ${grade.letter} ${grade.score}分`,
          year,
          agencyId: agency.id,
          kind: "card-pdf",
        });
      }
      options.onProgress?.(++done, total);
    }

    for (const group of groups) {
      const members = group.members
        .map((a) => ({ agency: a, grade: gradeOf(a.id, year), previous: gradeOf(a.id, year - 1) }))
        .filter((m) => m.grade);
      if (members.length === 0) continue;
      const rows = await Promise.all(
        members.map(async (m) => {
          const src = m.grade!.missing ? undefined : await reportWithSource(store.db, m.agency.id, year);
          return {
            name: m.agency.name,
            cardPath: cardPath(m.agency.id, year),
            letter: m.grade!.letter,
            label: m.grade!.label,
            score: m.grade!.score,
            onTime: m.grade!.onTime === null ? "—" : m.grade!.onTime ? "是" : "否",
            failedChecks: (src?.checks ?? []).filter((c) => c.status === "fail" && c.severity === "hard")
              .length,
            change: m.previous
              ? `${m.grade!.score - m.previous.score >= 0 ? "+" : ""}${Math.round((m.grade!.score - m.previous.score) * 10) / 10}`
              : "—",
            delta: m.previous ? m.grade!.score - m.previous.score : 0,
            previous: m.previous?.score ?? null,
            values: new Map((src?.values ?? []).map((v) => [v.key, v.value])),
            missing: m.grade!.missing,
          };
        }),
      );
      const sumOf = (key: string) => rows.reduce((n, r) => n + (r.values.get(key) ?? 0), 0);
      const distribution = LETTERS.map((l) => ({
        label: l,
        value: rows.filter((r) => r.letter === l).length,
      }));
      const view = {
        ...common,
        title: `${group.name} ${year}年度汇总`,
        root: "../../",
        jurisdictionName: group.name,
        year,
        agencies: rows,
        averageScore: Math.round((rows.reduce((n, r) => n + r.score, 0) / rows.length) * 10) / 10,
        onTimeCount: rows.filter((r) => r.onTime === "是").length,
        missing: rows.filter((r) => r.missing),
        distributionChart: barChart("等级分布（个）", distribution),
        drops: rows
          .filter((r) => r.delta < 0)
          .sort((a, b) => a.delta - b.delta || a.name.localeCompare(b.name))
          .slice(0, 5)
          .map((r) => ({
            name: r.name,
            previous: r.previous,
            score: r.score,
            delta: Math.round(r.delta * 10) / 10,
          })),
        totals: [
          { label: "本年新收申请（件）", value: sumOf("apply.new_received.total") },
          { label: "办理结果总计（件）", value: sumOf("apply.handled_total.total") },
          { label: "予以公开（件）", value: sumOf("apply.granted.total") },
          { label: "行政复议（件）", value: sumOf("review.total") },
          {
            label: "行政诉讼（件）",
            value: sumOf("litigation_direct.total") + sumOf("litigation_after_review.total"),
          },
        ],
      };
      const file = outputPath(outDir, "jurisdictions", group.id, `${year}.html`);
      const w = await writeIfChanged(outDir, file, templates.summary(view));
      await record(w, "summary", null, year);
      summary.summaries++;
      if (options.pdf !== false && (await pdfMissingOrStale(w, file.replace(/\.html$/, ".pdf")))) {
        pdfQueue.push({
          file,
          header: `${group.name} · ${year}年度汇总`,
          year,
          agencyId: null,
          kind: "summary-pdf",
        });
      }
    }
  }

  // The index and open data always cover every graded year.
  const yearList = [...allYears].sort((a, b) => b - a);
  const indexView = {
    ...common,
    title: "政府信息公开工作年度报告评估",
    agencyCount: agencies.length,
    letters: LETTERS,
    years: yearList.map((year) => ({
      year,
      jurisdictions: groups
        .map((g) => {
          const gs = g.members.map((a) => gradeOf(a.id, year)).filter((x): x is Grade => Boolean(x));
          return {
            name: g.name,
            path: summaryPath(g.id, year),
            count: gs.length,
            distribution: LETTERS.map((l) => gs.filter((x) => x.letter === l).length),
            missing: gs.filter((x) => x.missing).length,
          };
        })
        .filter((j) => j.count > 0),
    })),
    yearList,
    agencies: agencies.map((a) => ({
      name: a.name,
      cells: yearList.map((y) => {
        const g = gradeOf(a.id, y);
        return g ? { letter: g.letter, path: cardPath(a.id, y) } : { letter: "", path: null };
      }),
    })),
  };
  await record(
    await writeIfChanged(outDir, outputPath(outDir, "index.html"), templates.index(indexView)),
    "index",
    null,
    null,
  );
  await writeOpenData(store, outDir, allYears, gradesByYear, byId, record);

  if (pdfQueue.length > 0) {
    const renderer = new PdfRenderer(options.chromiumPath);
    try {
      await Promise.all(
        pdfQueue.map(async (job) => {
          if (options.signal?.aborted) return;
          const pdf = await renderer.render(job.file, job.header, options.generatedOn);
          const w = await writeIfChanged(outDir, job.file.replace(/\.html$/, ".pdf"), pdf);
          await record(w, job.kind, job.agencyId, job.year);
          summary.pdfs++;
        }),
      );
    } finally {
      await renderer.close();
    }
  }
  return summary;
}

async function writeOpenData(
  store: Store,
  outDir: string,
  years: readonly number[],
  gradesByYear: ReadonlyMap<number, Grade[]>,
  byId: ReadonlyMap<string, Agency>,
  record: (w: Written, kind: string, agencyId: string | null, year: number | null) => Promise<void>,
) {
  const gradeRows: (string | number | null)[][] = [];
  const valueRows: (string | number | null)[][] = [];
  const checkRows: (string | number | null)[][] = [];
  for (const year of years) {
    for (const g of gradesByYear.get(year) ?? []) {
      const name = byId.get(g.agencyId)?.name ?? g.agencyId;
      gradeRows.push([g.agencyId, name, year, "total", g.score, 100, `${g.letter} ${g.label}`]);
      for (const d of g.dimensions)
        gradeRows.push([g.agencyId, name, year, d.dimension, d.points, d.max_points, d.reason]);
      if (g.missing) continue;
      const src = await reportWithSource(store.db, g.agencyId, year);
      for (const v of src?.values ?? [])
        valueRows.push([
          g.agencyId,
          name,
          year,
          v.key,
          v.value,
          v.raw,
          v.unit,
          v.approximate,
          v.cell,
          v.excerpt,
        ]);
      for (const c of src?.checks ?? [])
        checkRows.push([
          g.agencyId,
          name,
          year,
          c.key,
          c.severity,
          c.status,
          c.actual,
          c.expected,
          c.message,
        ]);
    }
  }
  const files: [string, readonly string[], (string | number | null)[][]][] = [
    [
      "grades",
      ["agency_id", "agency_name", "year", "dimension", "points", "max_points", "reason"],
      gradeRows,
    ],
    [
      "values",
      ["agency_id", "agency_name", "year", "key", "value", "raw", "unit", "approximate", "cell", "excerpt"],
      valueRows,
    ],
    [
      "checks",
      ["agency_id", "agency_name", "year", "check", "severity", "status", "left", "right", "message"],
      checkRows,
    ],
  ];
  for (const [name, header, rows] of files) {
    await record(
      await writeIfChanged(outDir, outputPath(outDir, "data", `${name}.csv`), toCsv(header, rows)),
      "data",
      null,
      null,
    );
    const json = rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? null])));
    await record(
      await writeIfChanged(
        outDir,
        outputPath(outDir, "data", `${name}.json`),
        JSON.stringify(json, null, 1) + "\n",
      ),
      "data",
      null,
      null,
    );
  }
}
