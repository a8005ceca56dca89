import { createHash } from "node:crypto";
import { rm, stat } from "node:fs/promises";
import path from "node:path";
import {
  AGENCY_BATCH,
  type Agency,
  type PublicationRecord,
  type PublicationRow,
  type ReportWithSource,
  type Store,
  countGradedAgencyYears,
  gradedYears,
  agencyInputStamps,
  gradesOfAgencies,
  listAgencies,
  summaryFiguresOfAgencies,
  openDataInputs,
  publicationsOfAgencies,
  recordPublications,
  reportsOfAgencies,
  sharedPublications,
} from "@touming/store";
import type { Rubric } from "./grading/rubric.js";
import { jurisdictionByAgency, jurisdictions } from "./jurisdictions.js";
import { OPEN_DATA_FILES, OpenDataWriter } from "./open-data.js";
import {
  type Written,
  outputPath,
  pdfOf,
  stillRecorded,
  sweepStaleTemp,
  writeIfChanged,
} from "./output-files.js";
import { gradesByYear, headlineOf } from "./published-grade.js";
import { cardPath, cardView, summaryPath } from "./render/card-view.js";
import { barChart } from "./render/charts.js";
import { PdfRenderer } from "./render/pdf-renderer.js";
import { loadTemplates } from "./render/templates.js";

export { jurisdictions } from "./jurisdictions.js";

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
  /** Cards rendered this run; the others were made from the same inputs before and are in place. */
  rendered: number;
  summaries: number;
  pdfs: number;
  written: number;
  unchanged: number;
  /** Whether the open data was made again (false: what it is made from had not changed). */
  openDataRebuilt: boolean;
  indexPath: string;
}

const LETTERS = ["A", "B", "C", "D", "F"];
const SUMMARY_KEYS = [
  "apply.new_received.total",
  "apply.handled_total.total",
  "apply.granted.total",
  "review.total",
  "litigation_direct.total",
  "litigation_after_review.total",
] as const;

/** What a jurisdiction summary and the index keep of each agency-year: small, whatever the registry. */
interface AgencyYear {
  agencyId: string;
  name: string;
  letter: string;
  label: string;
  score: number;
  onTime: boolean | null;
  missing: boolean;
  failedChecks: number;
  sums: number[];
}

interface PdfJob {
  file: string;
  header: string;
  year: number;
  agencyId: string | null;
  kind: string;
}

/** Records written files in batches (one transaction each) and counts them. */
class PublicationLog {
  private batch: PublicationRecord[] = [];
  constructor(
    private readonly store: Store,
    private readonly runId: number | null,
    private readonly summary: PublishSummary,
  ) {}

  async add(
    w: Written,
    kind: string,
    agencyId: string | null,
    year: number | null,
    inputs: string | null = null,
  ): Promise<void> {
    if (w.changed) this.summary.written++;
    else this.summary.unchanged++;
    this.batch.push({
      path: w.path,
      kind,
      agencyId,
      year,
      sha256: w.sha256,
      bytes: w.bytes,
      runId: this.runId,
      inputs,
    });
    if (this.batch.length >= 500) await this.flush();
  }

  async flush(): Promise<void> {
    const batch = this.batch;
    this.batch = [];
    await recordPublications(this.store.db, batch);
  }
}

/**
 * Renders everything oversight offices receive: a card per graded agency-year (HTML, and PDF through
 * Chromium), a summary per jurisdiction and year, an index, open data, and the archived sources.
 * Agencies are read a batch at a time and the open data is streamed, so memory stays flat as the
 * registry grows. Writing the same content twice changes no file; each file is recorded in
 * `publications`.
 */
export async function runPublishStage(store: Store, options: PublishOptions): Promise<PublishSummary> {
  const outDir = path.resolve(options.outDir);
  await sweepStaleTemp(outDir);
  const templates = loadTemplates();
  const agencies = await listAgencies(store.db);
  const allYears = await gradedYears(store.db);
  const years = options.year === undefined ? allYears : allYears.filter((y) => y === options.year);
  const groups = jurisdictions(agencies);
  const groupOf = jurisdictionByAgency(groups);
  const common = {
    rubricVersion: options.rubric.version,
    rubricTitle: options.rubric.title,
    generatedOn: options.generatedOn,
  };
  const summary: PublishSummary = {
    cards: 0,
    rendered: 0,
    summaries: 0,
    pdfs: 0,
    written: 0,
    unchanged: 0,
    openDataRebuilt: false,
    indexPath: path.join(outDir, "index.html"),
  };
  const log = new PublicationLog(store, options.runId ?? null, summary);
  const shared = await sharedPublications(store.db);
  const pdfQueue: PdfJob[] = [];
  // A page's PDF goes before the page changes: a run stopped before rendering it again leaves no
  // PDF (rendered by the next run) rather than a stale one that nothing would ever replace.
  const removePdfOf = (htmlFile: string) => () => rm(pdfOf(htmlFile), { force: true });
  const queuePdf = async (w: Written, job: PdfJob) => {
    if (options.pdf === false) return;
    if (w.changed || !(await stat(pdfOf(job.file)).catch(() => null))) pdfQueue.push(job);
  };
  const agencyYears = new Map<string, Map<number, AgencyYear>>();
  const cardContext = JSON.stringify([common, templates.version, options.rubric.indicators.minSample]);

  const total = await countGradedAgencyYears(store.db, years);
  let done = 0;
  // The open data (every value of every report) is the largest output: made again only when what it
  // is made from changed since it was last written.
  const dataInputs = `${await openDataInputs(store.db)}; rubric ${options.rubric.version}`;
  const currentData = await currentOpenData(outDir, shared, dataInputs);
  const openData = currentData ? null : await OpenDataWriter.open(outDir);
  summary.openDataRebuilt = openData !== null;
  try {
    for (let i = 0; i < agencies.length && !options.signal?.aborted; i += AGENCY_BATCH) {
      const batch = agencies.slice(i, i + AGENCY_BATCH);
      const ids = batch.map((a) => a.id);
      // Light reads first: what summaries and the index need, and whether the cards are current.
      const [stamps, totals, figures, recorded] = await Promise.all([
        agencyInputStamps(store.db, ids),
        gradesOfAgencies(store.db, ids, { dimension: "total" }),
        summaryFiguresOfAgencies(store.db, ids, SUMMARY_KEYS),
        publicationsOfAgencies(store.db, ids),
      ]);
      const stale = new Map<string, string>();
      for (const agency of batch) {
        const kept = new Map<number, AgencyYear>();
        for (const row of totals.get(agency.id) ?? []) {
          const own = figures.get(agency.id)?.get(row.year);
          const headline = headlineOf(row);
          kept.set(row.year, {
            agencyId: agency.id,
            name: agency.name,
            ...headline,
            failedChecks: headline.missing ? 0 : (own?.failedHardChecks ?? 0),
            sums: SUMMARY_KEYS.map((k) => (headline.missing ? 0 : (own?.values.get(k) ?? 0))),
          });
        }
        agencyYears.set(agency.id, kept);
        const cardYears = [...kept.keys()].filter((y) => years.includes(y));
        const inputs = cardInputs(agency, groupOf.get(agency.id)!, stamps.get(agency.id)!, cardContext);
        if (await cardsCurrent(outDir, agency.id, cardYears, recorded, inputs, options.pdf !== false)) {
          summary.cards += cardYears.length;
          summary.unchanged += cardYears.length;
          done += cardYears.length;
          options.onProgress?.(done, total);
        } else {
          stale.set(agency.id, inputs);
        }
      }
      // Whole reports only for the agencies whose cards are rendered, or for all when the open data is.
      const full = openData ? batch : batch.filter((a) => stale.has(a.id));
      if (full.length === 0) continue;
      const fullIds = full.map((a) => a.id);
      const [grades, reports] = await Promise.all([
        gradesOfAgencies(store.db, fullIds),
        reportsOfAgencies(store.db, fullIds),
      ]);
      for (const agency of full) {
        const own = gradesByYear(grades.get(agency.id) ?? []);
        const ownReports = reports.get(agency.id) ?? new Map<number, ReportWithSource>();
        const inputs = stale.get(agency.id);
        for (const grade of own.values()) {
          const source = grade.missing ? undefined : ownReports.get(grade.year);
          await openData?.add(agency.name, grade, source);
          if (inputs === undefined || !years.includes(grade.year) || options.signal?.aborted) continue;
          let archivePath: string | null = null;
          const doc = source?.document;
          if (doc?.blob_sha256) {
            const w = await writeArchive(store, outDir, doc, recorded);
            await log.add(w, "archive", agency.id, grade.year);
            archivePath = w.path;
          }
          const view = cardView({
            agency,
            grade,
            reports: ownReports,
            jurisdiction: groupOf.get(agency.id)!,
            archivePath,
            minSample: options.rubric.indicators.minSample,
            common,
          });
          const file = outputPath(outDir, "cards", agency.id, `${grade.year}.html`);
          const w = await writeIfChanged(
            outDir,
            file,
            templates.card(view),
            recorded.get(cardPath(agency.id, grade.year)),
            removePdfOf(file),
          );
          await log.add(w, "card", agency.id, grade.year, inputs);
          summary.cards++;
          summary.rendered++;
          await queuePdf(w, {
            file,
            header: `${agency.name} · ${grade.year}年度报告评估 · ${grade.letter} ${grade.score}分`,
            year: grade.year,
            agencyId: agency.id,
            kind: "card-pdf",
          });
          options.onProgress?.(++done, total);
        }
      }
      await log.flush();
    }
    if (options.signal?.aborted) {
      await openData?.abandon();
      return summary;
    }
    const data = currentData ?? (await openData!.finish((p) => shared.get(p)));
    for (const w of data) await log.add(w, "data", null, null, dataInputs);
  } catch (error) {
    await openData?.abandon();
    throw error;
  }

  const gradeOf = (agencyId: string, year: number) => agencyYears.get(agencyId)?.get(year);
  for (const year of years) {
    for (const group of groups) {
      const members = group.members
        .map((a) => ({ now: gradeOf(a.id, year), before: gradeOf(a.id, year - 1) }))
        .filter((m): m is { now: AgencyYear; before: AgencyYear | undefined } => m.now !== undefined);
      if (members.length === 0) continue;
      const file = outputPath(outDir, "jurisdictions", group.id, `${year}.html`);
      const view = summaryView(group.name, year, members, common);
      const w = await writeIfChanged(
        outDir,
        file,
        templates.summary(view),
        shared.get(summaryPath(group.id, year)),
        removePdfOf(file),
      );
      await log.add(w, "summary", null, year);
      summary.summaries++;
      await queuePdf(w, {
        file,
        header: `${group.name} · ${year}年度汇总`,
        year,
        agencyId: null,
        kind: "summary-pdf",
      });
    }
  }

  // The index always covers every graded year.
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
          const gs = g.members.map((a) => gradeOf(a.id, year)).filter((x): x is AgencyYear => Boolean(x));
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
  await log.add(
    await writeIfChanged(
      outDir,
      outputPath(outDir, "index.html"),
      templates.index(indexView),
      shared.get("index.html"),
    ),
    "index",
    null,
    null,
  );
  await log.flush();

  if (pdfQueue.length > 0) {
    const renderer = new PdfRenderer(options.chromiumPath);
    try {
      await Promise.all(
        pdfQueue.map(async (job) => {
          if (options.signal?.aborted) return;
          const pdf = await renderer.render(job.file, job.header, options.generatedOn);
          const w = await writeIfChanged(outDir, pdfOf(job.file), pdf);
          await log.add(w, job.kind, job.agencyId, job.year);
          summary.pdfs++;
        }),
      );
    } finally {
      await renderer.close();
      await log.flush();
    }
  }
  return summary;
}

/**
 * What an agency's cards are made from, as one hash: its registry entry, its jurisdiction, the stamp
 * of its grades, reports and sources, and the templates, rubric and date every card shares.
 */
function cardInputs(
  agency: Agency,
  jurisdiction: { id: string; name: string },
  stamp: string,
  context: string,
): string {
  const { id, name, level, parentId, regionCode, siteUrl, listUrls, deadlineOverride } = agency;
  const entry = [id, name, level, parentId, regionCode, siteUrl, listUrls, deadlineOverride];
  return createHash("sha256")
    .update(JSON.stringify([entry, jurisdiction.id, jurisdiction.name, stamp, context]))
    .digest("hex");
}

/** Every card of the agency was made from these inputs and is in place (with its PDF when wanted). */
async function cardsCurrent(
  outDir: string,
  agencyId: string,
  years: readonly number[],
  recorded: ReadonlyMap<string, PublicationRow>,
  inputs: string,
  pdf: boolean,
): Promise<boolean> {
  for (const year of years) {
    const card = cardPath(agencyId, year);
    const known = recorded.get(card);
    const file = path.join(outDir, card);
    if (known?.inputs !== inputs || !(await stillRecorded(file, known.sha256, known))) return false;
    if (pdf && !(await stat(pdfOf(file)).catch(() => null))) return false;
  }
  return true;
}

/** The open data files as recorded, when every one was made from these inputs and is still in place. */
async function currentOpenData(
  outDir: string,
  recorded: ReadonlyMap<string, PublicationRow>,
  inputs: string,
): Promise<Written[] | null> {
  const out: Written[] = [];
  for (const file of OPEN_DATA_FILES) {
    const known = recorded.get(file);
    if (known?.inputs !== inputs || !(await stillRecorded(path.join(outDir, file), known.sha256, known)))
      return null;
    out.push({ path: file, sha256: known.sha256, bytes: known.bytes, changed: false });
  }
  return out;
}

/** The archived copy of a report's source, named by its hash: not even read when already published. */
async function writeArchive(
  store: Store,
  outDir: string,
  doc: { blob_sha256: string | null; content_type: string | null; url: string },
  recorded: ReadonlyMap<string, PublicationRow>,
): Promise<Written> {
  const sha = doc.blob_sha256!;
  const ext =
    /pdf/i.test(doc.content_type ?? "") || /\.pdf$/i.test(doc.url)
      ? "pdf"
      : /html/i.test(doc.content_type ?? "")
        ? "html"
        : "bin";
  const file = outputPath(outDir, "archive", `${sha}.${ext}`);
  const known = recorded.get(`archive/${sha}.${ext}`);
  if (known && (await stillRecorded(file, sha, known)))
    return { path: known.path, sha256: sha, bytes: known.bytes, changed: false };
  return writeIfChanged(outDir, file, await store.blobs.get(sha));
}

function summaryView(
  name: string,
  year: number,
  members: readonly { now: AgencyYear; before: AgencyYear | undefined }[],
  common: { rubricVersion: string; rubricTitle: string; generatedOn: string },
) {
  const rows = members.map(({ now, before }) => ({
    name: now.name,
    cardPath: cardPath(now.agencyId, year),
    letter: now.letter,
    label: now.label,
    score: now.score,
    onTime: now.onTime === null ? "—" : now.onTime ? "是" : "否",
    failedChecks: now.failedChecks,
    change: before
      ? `${now.score - before.score >= 0 ? "+" : ""}${Math.round((now.score - before.score) * 10) / 10}`
      : "—",
    delta: before ? now.score - before.score : 0,
    previous: before?.score ?? null,
    sums: now.sums,
    missing: now.missing,
  }));
  const sumOf = (key: (typeof SUMMARY_KEYS)[number]) =>
    rows.reduce((n, r) => n + (r.sums[SUMMARY_KEYS.indexOf(key)] ?? 0), 0);
  return {
    ...common,
    title: `${name} ${year}年度汇总`,
    root: "../../",
    jurisdictionName: name,
    year,
    agencies: rows,
    averageScore: Math.round((rows.reduce((n, r) => n + r.score, 0) / rows.length) * 10) / 10,
    onTimeCount: rows.filter((r) => r.onTime === "是").length,
    missing: rows.filter((r) => r.missing),
    distributionChart: barChart(
      "等级分布（个）",
      LETTERS.map((l) => ({ label: l, value: rows.filter((r) => r.letter === l).length })),
    ),
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
}
