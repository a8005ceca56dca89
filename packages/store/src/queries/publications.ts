import type { Kysely } from "kysely";
import { type Clock, stamp, systemClock } from "../clock.js";
import type { Database, PublicationRow } from "../schema.js";

export interface PublicationRecord {
  /** Relative to the output directory, with forward slashes. */
  path: string;
  kind: string;
  agencyId?: string | null;
  year?: number | null;
  sha256: string;
  bytes: number;
  runId?: number | null;
  /** Fingerprint of the inputs (see `publications.inputs`). */
  inputs?: string | null;
}

/**
 * Records a written output file. Re-publishing identical bytes keeps the original row (and its time),
 * so the table shows when each file last really changed.
 */
export async function recordPublication(
  db: Kysely<Database>,
  publication: PublicationRecord,
  clock: Clock = systemClock,
): Promise<"new" | "changed" | "unchanged"> {
  const existing = await db
    .selectFrom("publications")
    .select(["sha256", "inputs"])
    .where("path", "=", publication.path)
    .executeTakeFirst();
  if (existing?.sha256 === publication.sha256) {
    const inputs = publication.inputs ?? null;
    if (inputs !== existing.inputs)
      await db.updateTable("publications").set({ inputs }).where("path", "=", publication.path).execute();
    return "unchanged";
  }
  const row = {
    kind: publication.kind,
    agency_id: publication.agencyId ?? null,
    year: publication.year ?? null,
    sha256: publication.sha256,
    bytes: publication.bytes,
    published_at: stamp(clock),
    run_id: publication.runId ?? null,
    inputs: publication.inputs ?? null,
  };
  await db
    .insertInto("publications")
    .values({ path: publication.path, ...row })
    .onConflict((oc) => oc.column("path").doUpdateSet(row))
    .execute();
  return existing ? "changed" : "new";
}

/** Forgets files that were removed from the output (a card's PDF before the card changes, an old copy). */
export async function forgetPublications(db: Kysely<Database>, paths: readonly string[]): Promise<void> {
  if (paths.length === 0) return;
  await db.deleteFrom("publications").where("path", "in", paths).execute();
}

export async function listPublications(db: Kysely<Database>): Promise<PublicationRow[]> {
  return db.selectFrom("publications").selectAll().orderBy("path").execute();
}

/** Records many written files in one transaction (same rules as `recordPublication`). */
export async function recordPublications(
  db: Kysely<Database>,
  publications: readonly PublicationRecord[],
  clock: Clock = systemClock,
): Promise<void> {
  if (publications.length === 0) return;
  await db.transaction().execute(async (trx) => {
    for (const publication of publications) await recordPublication(trx, publication, clock);
  });
}

/** Recorded output files of a batch of agencies (cards, archives), by path. */
export async function publicationsOfAgencies(
  db: Kysely<Database>,
  agencyIds: readonly string[],
): Promise<Map<string, PublicationRow>> {
  if (agencyIds.length === 0) return new Map();
  const rows = await db.selectFrom("publications").selectAll().where("agency_id", "in", agencyIds).execute();
  return new Map(rows.map((r) => [r.path, r]));
}

/** Recorded output files that belong to no agency (summaries, index, open data), by path. */
export async function sharedPublications(db: Kysely<Database>): Promise<Map<string, PublicationRow>> {
  const rows = await db.selectFrom("publications").selectAll().where("agency_id", "is", null).execute();
  return new Map(rows.map((r) => [r.path, r]));
}

/*
 * The stamps `publications.inputs` holds: of what publish makes its files from. Every write to
 * grades, reports, documents or agencies stamps its row with a time (and replaced rows get new ids),
 * so a count, the newest time and a sum over the rows change whenever any of them is written: equal
 * stamps mean nothing was. They read those tables, but mean nothing outside this one.
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
