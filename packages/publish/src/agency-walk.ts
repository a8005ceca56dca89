import { gradesByYear, headlineOf } from "@touming/grade";
import {
  type Agency,
  type ReportWithSource,
  type StoreDb,
  agencyInputStamps,
  gradesOfAgencies,
  publicationsOfAgencies,
  reportsOfAgencies,
} from "@touming/store";
import type { AgencyBatch, AgencyRecord, GradedYear, Headline, OutputRun, PublishRun } from "./output.js";

/**
 * Agencies published together. A batch's grades and reports are in memory while its pages are made:
 * at 3,000 agencies a first publish peaked at 507 MB with 200 and 434 MB with 100, as fast (48–49 s).
 */
const PUBLISH_BATCH = 100;

/**
 * Walks the registry a batch of agencies at a time, handing each batch to every output: memory stays
 * flat as the registry grows. Light reads come first (headlines, stamps, what was published); whole
 * agencies (every grade and report) are read only for those renewed, or for all when an output
 * wants every agency. Stops between batches once the run is stopped.
 */
export async function walkAgencies(
  run: PublishRun,
  outputs: readonly OutputRun[],
  /** Called after each batch (records its publications). */
  afterBatch: () => Promise<void>,
): Promise<void> {
  for (let i = 0; i < run.agencies.length && !run.signal.aborted; i += PUBLISH_BATCH) {
    await publishBatch(run, outputs, run.agencies.slice(i, i + PUBLISH_BATCH));
    await afterBatch();
  }
}

async function publishBatch(
  run: PublishRun,
  outputs: readonly OutputRun[],
  agencies: readonly Agency[],
): Promise<void> {
  const db = run.store.db;
  const ids = agencies.map((a) => a.id);
  const [stamps, totals, recorded] = await Promise.all([
    agencyInputStamps(db, ids),
    gradesOfAgencies(db, ids, { dimension: "total" }),
    publicationsOfAgencies(db, ids),
  ]);
  const headlines = new Map<string, Map<number, Headline>>();
  for (const agency of agencies)
    headlines.set(
      agency.id,
      new Map((totals.get(agency.id) ?? []).map((row) => [row.year, headlineOf(row)])),
    );
  const renewed = new Set<string>();
  const batch: AgencyBatch = { agencies, headlines, stamps, recorded, renewed };
  for (const agency of agencies) {
    for (const output of outputs) {
      if (output.isCurrent && !(await output.isCurrent(agency, batch))) {
        renewed.add(agency.id);
        break;
      }
    }
  }
  for (const output of outputs) await output.batch?.(batch);

  const whole = outputs.some((o) => o.wantsEveryAgency)
    ? agencies
    : agencies.filter((a) => renewed.has(a.id));
  if (whole.length === 0) return;
  for (const read of await readWhole(db, whole)) {
    const renew = renewed.has(read.agency.id);
    const record: AgencyRecord = {
      ...read,
      renew,
      graded: read.graded.map((g) => ({ ...g, renew: renew && run.years.includes(g.grade.year) })),
    };
    for (const output of outputs) await output.agency?.(record, batch);
  }
}

/** An agency read whole, before a run decides what it renews. */
export type AgencyRead = Omit<AgencyRecord, "renew" | "graded"> & {
  readonly graded: readonly Omit<GradedYear, "renew">[];
};

/** Agencies read whole: every grade, and every report with its source (two queries for them all). */
export async function readWhole(db: StoreDb, agencies: readonly Agency[]): Promise<AgencyRead[]> {
  const ids = agencies.map((a) => a.id);
  const [grades, reports] = await Promise.all([gradesOfAgencies(db, ids), reportsOfAgencies(db, ids)]);
  return agencies.map((agency) => {
    const own = gradesByYear(grades.get(agency.id) ?? []);
    const ownReports = reports.get(agency.id) ?? new Map<number, ReportWithSource>();
    return {
      agency,
      grades: own,
      reports: ownReports,
      graded: [...own.values()].map((grade) => ({
        grade,
        report: grade.missing ? undefined : ownReports.get(grade.year),
      })),
    };
  });
}
