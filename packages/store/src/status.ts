import type { Kysely } from "kysely";
import type { Database } from "./schema.js";

export interface StoreStatus {
  agencies: number;
  documents: {
    total: number;
    byFetchState: Record<string, number>;
    byExtractionState: Record<string, number>;
  };
  reportsPerYear: { year: number; reports: number; failedChecks: number }[];
}

/** Counts for `touming status`: agencies, documents by state, reports per year. */
export async function storeStatus(db: Kysely<Database>): Promise<StoreStatus> {
  const agencies = await db
    .selectFrom("agencies")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  const fetchStates = await db
    .selectFrom("documents")
    .select((eb) => ["fetch_state as state", eb.fn.countAll<number>().as("n")])
    .groupBy("fetch_state")
    .execute();
  const extractionStates = await db
    .selectFrom("documents")
    .select((eb) => ["extraction_state as state", eb.fn.countAll<number>().as("n")])
    .groupBy("extraction_state")
    .execute();
  const perYear = await db
    .selectFrom("reports")
    .leftJoin("checks", (join) =>
      join.onRef("checks.report_id", "=", "reports.id").on("checks.status", "=", "fail"),
    )
    .select((eb) => [
      "reports.year",
      eb.fn.count<number>("reports.id").distinct().as("reports"),
      eb.fn.count<number>("checks.key").as("failed_checks"),
    ])
    .groupBy("reports.year")
    .orderBy("reports.year")
    .execute();
  const tally = (rows: { state: string; n: number }[]) =>
    Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
  const byFetchState = tally(fetchStates);
  return {
    agencies: Number(agencies.n),
    documents: {
      total: Object.values(byFetchState).reduce((a, b) => a + b, 0),
      byFetchState,
      byExtractionState: tally(extractionStates),
    },
    reportsPerYear: perYear.map((r) => ({
      year: r.year,
      reports: Number(r.reports),
      failedChecks: Number(r.failed_checks),
    })),
  };
}
