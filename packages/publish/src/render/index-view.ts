import type { RubricGrade } from "@touming/grade";
import type { Agency } from "@touming/store";
import { type Jurisdiction, jurisdictionByAgency } from "../jurisdictions.js";
import type { Dataset } from "../datasets.js";
import type { Headline, PageCommon } from "../output.js";
import { fileSize } from "./file-size.js";
import { cardPath, summaryPath } from "./page-paths.js";

/** What the index keeps of each agency-year. */
export type IndexCell = Pick<Headline, "state" | "letter">;

/** The open data's formats in a reader's words. */
const FORMAT_NAMES: Readonly<Record<string, string>> = { csv: "表格", json: "结构化数据" };

/** An open-data file as the index lists it: what it holds, and its size on disk. */
export interface DataFileEntry {
  /** Relative to the output directory. */
  path: string;
  dataset: Pick<Dataset, "name" | "title" | "contents">;
  /** The report year of its records; null: every year's. */
  year: number | null;
  /** Its exporter's extension (`csv`). */
  extension: string;
  bytes: number;
}

/** A row of the index's list of open data: a dataset of a year (or of every year) in each format. */
interface DownloadRow {
  name: string;
  /** 2024年度, or 各年度. */
  year: string;
  contents: string;
  /** Its files on disk, a format each, in the run's order: the format's name, the link, the size. */
  files: { label: string; path: string; size: string }[];
}

/**
 * The open data as the index lists it: a row per dataset and year (the datasets of every year first,
 * then each year's, newest first), with what a record is and its file of each format the run wrote
 * (the format named in Chinese; one without a name: 其他格式), its link and its size.
 */
export function downloads(extensions: readonly string[], files: readonly DataFileEntry[]): DownloadRow[] {
  const rows = new Map<string, DownloadRow>();
  // Stable sorts: by format in the run's order, then every year's datasets, then the years, newest first.
  const byFormat = [...files].sort(
    (a, b) => extensions.indexOf(a.extension) - extensions.indexOf(b.extension),
  );
  const yearly = byFormat.filter((f) => f.year !== null).sort((a, b) => b.year! - a.year!);
  for (const f of [...byFormat.filter((x) => x.year === null), ...yearly]) {
    const key = `${f.dataset.name} ${f.year ?? ""}`;
    let row = rows.get(key);
    if (!row) {
      row = {
        name: f.dataset.title,
        year: f.year === null ? "各年度" : `${f.year}年度`,
        contents: f.dataset.contents,
        files: [],
      };
      rows.set(key, row);
    }
    row.files.push({ label: FORMAT_NAMES[f.extension] ?? "其他格式", path: f.path, size: fileSize(f.bytes) });
  }
  return [...rows.values()];
}

/** What a year grid (the index's, a summary's) needs of an agency-year: its state and letter, maybe its score. */
export type YearCellInput = Pick<Headline, "state" | "letter"> & { score?: number };

/**
 * One cell of an agency × year grid. A graded year and a 未发现 year show their letter (未发现 as the
 * letter of a score of 0) and link their card; 无法核实 is a grey cell linking the card that says why;
 * a year outside the monitoring window, or with no grade at all, is a grey "—".
 */
export interface YearCellView {
  /** The cell's class: `year-cell state-<graded|not_found|unverifiable|none>`. */
  className: string;
  /** The letter badge; empty for a grey cell. */
  letter: string;
  /** The score after the letter (graded years, when asked for); empty otherwise. */
  score: string;
  /** A grey cell's text (无法核实, —); empty when the cell shows a letter. */
  text: string;
  /** The card, relative to the output directory; null: no link. */
  path: string | null;
  /** The cell's tooltip: the year and what the cell means. */
  title: string;
}

/** The cell of one agency-year in a grid; `withScore` adds a graded year's score after its letter. */
export function yearCell(
  agencyId: string,
  year: number,
  cell: YearCellInput | undefined,
  withScore = false,
): YearCellView {
  const grey = (state: string, text: string, title: string, path: string | null): YearCellView => ({
    className: `year-cell state-${state}`,
    letter: "",
    score: "",
    text,
    path,
    title: `${year}年度：${title}`,
  });
  if (!cell || cell.state === "not_monitored") return grey("none", "—", "未纳入监测", null);
  if (cell.state === "unverifiable")
    return grey("unverifiable", "无法核实", "无法核实，不评定等级", cardPath(agencyId, year));
  const notFound = cell.state === "not_found";
  return {
    className: `year-cell state-${notFound ? "not_found" : "graded"}`,
    letter: cell.letter,
    score: withScore && !notFound && cell.score !== undefined ? String(cell.score) : "",
    text: "",
    path: cardPath(agencyId, year),
    title: notFound
      ? `${year}年度：未发现年度报告，评为${cell.letter}级`
      : `${year}年度：${cell.letter}级${cell.score !== undefined ? `，${cell.score}分` : ""}`,
  };
}

/**
 * The legend of a grid: each letter of the rubric with its label and lowest score (best first), the
 * letter a missing report gets, and the grey cells.
 */
export function gridLegend(grades: readonly RubricGrade[]) {
  const scale = [...grades].sort((a, b) => b.min - a.min);
  const zero = scale.find((g) => g.min === 0) ?? scale.at(-1);
  return {
    letters: scale.map((g, i) => ({
      letter: g.letter,
      label: g.label,
      range: g.min === 0 && i > 0 ? `<${scale[i - 1]!.min}分` : `≥${g.min}分`,
    })),
    notFound: zero ? `未发现年度报告的，计0分，评为${zero.letter}级` : "未发现年度报告的，计0分",
    unverifiable: "因网站无法访问等原因无法核实，不评定等级",
    none: "未纳入监测或无评估记录",
  };
}

export interface IndexInput {
  common: PageCommon;
  /** The rubric's letters, best first. */
  letters: readonly string[];
  /** The rubric's grade scale (letter, label, lowest score), for the legend. */
  grades: readonly RubricGrade[];
  agencies: readonly Agency[];
  jurisdictions: readonly Jurisdiction[];
  /** Every graded year (the index shows them newest first). */
  years: readonly number[];
  /** The open data: the run's exporters' extensions, in order, and the files on disk. */
  data: { extensions: readonly string[]; files: readonly DataFileEntry[] };
  gradeOf(agencyId: string, year: number): IndexCell | undefined;
}

/**
 * What the index template shows: the latest year's letters by jurisdiction first, then every agency's
 * letter of every year grouped by jurisdiction (each agency once, in its own jurisdiction), then the
 * earlier years' letters by jurisdiction.
 */
export function indexView(input: IndexInput) {
  const { letters, gradeOf } = input;
  const yearList = [...input.years].sort((a, b) => b - a);
  const yearTable = (year: number) => ({
    year,
    jurisdictions: input.jurisdictions
      .map((g) => {
        const gs = g.members.map((a) => gradeOf(a.id, year)).filter((x): x is IndexCell => Boolean(x));
        return {
          name: g.name,
          path: summaryPath(g.id, year),
          count: gs.length,
          distribution: letters.map((l) => gs.filter((x) => x.letter === l).length),
          missing: gs.filter((x) => x.state === "not_found").length,
          unverifiable: gs.filter((x) => x.state === "unverifiable").length,
        };
      })
      .filter((j) => j.count > 0),
  });
  const tables = yearList.map(yearTable);

  const agencyRow = (a: Agency) => {
    // The newest year with a card: the agency's name links it.
    const latest = yearList.find((y) => {
      const state = gradeOf(a.id, y)?.state;
      return state !== undefined && state !== "not_monitored";
    });
    return {
      name: a.name,
      path: latest === undefined ? null : cardPath(a.id, latest),
      cells: yearList.map((y) => yearCell(a.id, y, gradeOf(a.id, y))),
    };
  };
  // Each agency once: a government heads its own jurisdiction, a department is in its government's.
  const home = jurisdictionByAgency(input.jurisdictions);
  const listed = new Set<string>();
  const groups = input.jurisdictions
    .map((g) => {
      const members = g.members.filter((a) => home.get(a.id)?.id === g.id && !listed.has(a.id));
      for (const a of members) listed.add(a.id);
      const latest = yearList.find((y) => g.members.some((a) => gradeOf(a.id, y) !== undefined));
      return {
        name: g.name,
        path: latest === undefined ? null : summaryPath(g.id, latest),
        count: members.length,
        agencies: members.map(agencyRow),
      };
    })
    .filter((g) => g.count > 0);
  const others = input.agencies.filter((a) => !listed.has(a.id));
  if (others.length > 0)
    groups.push({ name: "其他机关", path: null, count: others.length, agencies: others.map(agencyRow) });

  return {
    ...input.common,
    title: "政府信息公开工作年度报告评估",
    agencyCount: input.agencies.length,
    letters,
    latest: tables[0] ?? null,
    earlier: tables.slice(1),
    yearList,
    downloads: downloads(input.data.extensions, input.data.files),
    columns: yearList.length + 1,
    groups,
    legend: gridLegend(input.grades),
  };
}
