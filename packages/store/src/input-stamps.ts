import type { Kysely } from "kysely";
import type { Database } from "./schema.js";

/**
 * Stamps of what publish makes its files from. Every write to grades, reports, documents or agencies
 * stamps its row with a time (and replaced rows get new ids), so a count, the newest time and a sum
 * over the rows change whenever any of them is written: equal stamps mean nothing was.
 */

type Stamped = { n: number | string; at: string | null; sum?: number | string | null };
const stampOf = (r: Stamped | undefined) => (r ? `${Number(r.n)}@${r.at ?? "-"}+${Number(r.sum ?? 0)}` : "0");

/** Per agency: the stamp of its grades, its reports and their source documents (what its cards show). */
export async function agencyInputStamps(
  db: Kysely<Database>,
  agencyIds: readonly string[],
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (agencyIds.length === 0) return out;
  const [grades, reports, documents] = await Promise.all([
    db
      .selectFrom("grades")
      .select((eb) => [
        "agency_id",
        eb.fn.countAll<number>().as("n"),
        eb.fn.max("graded_at").as("at"),
        eb.fn.sum<number>("points").as("sum"),
      ])
      .where("agency_id", "in", agencyIds)
      .groupBy("agency_id")
      .execute(),
    db
      .selectFrom("reports")
      .select((eb) => [
        "agency_id",
        eb.fn.countAll<number>().as("n"),
        eb.fn.max("updated_at").as("at"),
        eb.fn.sum<number>("id").as("sum"),
      ])
      .where("agency_id", "in", agencyIds)
      .groupBy("agency_id")
      .execute(),
    db
      .selectFrom("reports")
      .innerJoin("documents", "documents.id", "reports.document_id")
      .select((eb) => [
        "reports.agency_id",
        eb.fn.countAll<number>().as("n"),
        eb.fn.max("documents.last_seen_at").as("at"),
        eb.fn.sum<number>("documents.id").as("sum"),
      ])
      .where("reports.agency_id", "in", agencyIds)
      .groupBy("reports.agency_id")
      .execute(),
  ]);
  const byAgency = (rows: (Stamped & { agency_id: string })[]) => new Map(rows.map((r) => [r.agency_id, r]));
  const [g, r, d] = [byAgency(grades), byAgency(reports), byAgency(documents)];
  for (const id of agencyIds)
    out.set(id, `grades ${stampOf(g.get(id))}; reports ${stampOf(r.get(id))}; sources ${stampOf(d.get(id))}`);
  return out;
}

/** The stamp of everything the open data is made from: agencies, reports (values, checks) and grades. */
export async function openDataInputs(db: Kysely<Database>): Promise<string> {
  const [agencies, reports, grades] = await Promise.all([
    db
      .selectFrom("agencies")
      .select((eb) => [eb.fn.countAll<number>().as("n"), eb.fn.max("updated_at").as("at")])
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("reports")
      .select((eb) => [
        eb.fn.countAll<number>().as("n"),
        eb.fn.max("updated_at").as("at"),
        eb.fn.sum<number>("id").as("sum"),
      ])
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("grades")
      .select((eb) => [
        eb.fn.countAll<number>().as("n"),
        eb.fn.max("graded_at").as("at"),
        eb.fn.sum<number>("points").as("sum"),
      ])
      .executeTakeFirstOrThrow(),
  ]);
  return `agencies ${stampOf(agencies)}; reports ${stampOf(reports)}; grades ${stampOf(grades)}`;
}
