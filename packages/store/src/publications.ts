import type { Kysely } from "kysely";
import { type Clock, stamp, systemClock } from "./clock.js";
import type { Database, PublicationRow } from "./schema.js";

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
