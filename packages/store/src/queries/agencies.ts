import type { Kysely } from "kysely";
import { type Clock, stamp, systemClock } from "../clock.js";
import type { AgencyLevel, AgencyRow, Database } from "../schema.js";

/** An agency as the registry describes it. */
export interface Agency {
  id: string;
  name: string;
  regionCode: string;
  level: AgencyLevel;
  parentId: string | null;
  siteUrl: string | null;
  listUrls: string[];
  deadlineOverride: string | null;
  /**
   * The monitoring window (registry `monitorFrom` / `monitorUntil`): the first and last report years
   * graded for the agency, null where unbounded. A year outside it gets no grade and no card (未纳入监测).
   */
  monitorFrom: number | null;
  monitorUntil: number | null;
  crawlOptions: Record<string, unknown>;
  /** E-mail addresses (registry `recipients`); absent or empty: none. */
  recipients?: string[];
}

export interface UpsertAgenciesResult {
  inserted: number;
  updated: number;
  unchanged: number;
}

/**
 * Inserts or updates agencies by id, all in one transaction. Agencies missing from the list are left alone:
 * dropping an agency from the registry never deletes its history.
 */
export async function upsertAgencies(
  db: Kysely<Database>,
  agencies: readonly Agency[],
  options: { sourceFile?: string; clock?: Clock } = {},
): Promise<UpsertAgenciesResult> {
  const now = stamp(options.clock ?? systemClock);
  const result: UpsertAgenciesResult = { inserted: 0, updated: 0, unchanged: 0 };
  await db.transaction().execute(async (trx) => {
    for (const agency of agencies) {
      const row = {
        name: agency.name,
        region_code: agency.regionCode,
        level: agency.level,
        parent_id: agency.parentId,
        site_url: agency.siteUrl,
        list_urls: JSON.stringify(agency.listUrls),
        deadline_override: agency.deadlineOverride,
        monitor_from: agency.monitorFrom,
        monitor_until: agency.monitorUntil,
        crawl_options: JSON.stringify(agency.crawlOptions),
        recipients: JSON.stringify(agency.recipients ?? []),
        source_file: options.sourceFile ?? null,
      };
      const existing = await trx
        .selectFrom("agencies")
        .selectAll()
        .where("id", "=", agency.id)
        .executeTakeFirst();
      if (!existing) {
        await trx
          .insertInto("agencies")
          .values({ id: agency.id, ...row, first_imported_at: now, updated_at: now })
          .execute();
        result.inserted++;
      } else if (Object.entries(row).every(([k, v]) => existing[k as keyof typeof row] === v)) {
        result.unchanged++;
      } else {
        await trx
          .updateTable("agencies")
          .set({ ...row, updated_at: now })
          .where("id", "=", agency.id)
          .execute();
        result.updated++;
      }
    }
  });
  return result;
}

const recipientsOf = (text: string): { recipients?: string[] } => {
  const list = JSON.parse(text) as string[];
  return list.length > 0 ? { recipients: list } : {};
};

/** An `agencies` row with its JSON columns decoded. */
function agencyFromRow(row: AgencyRow): Agency {
  return {
    id: row.id,
    name: row.name,
    regionCode: row.region_code,
    level: row.level,
    parentId: row.parent_id,
    siteUrl: row.site_url,
    listUrls: JSON.parse(row.list_urls) as string[],
    deadlineOverride: row.deadline_override,
    monitorFrom: row.monitor_from,
    monitorUntil: row.monitor_until,
    crawlOptions: JSON.parse(row.crawl_options) as Record<string, unknown>,
    // Left out when empty, as the registry leaves it out: agencies without recipients read back as written.
    ...recipientsOf(row.recipients),
  };
}

/** All agencies, ordered by id. */
/** The registry, by id; `ids` reads only those (a worker's crawl job reads its one agency, not 10,000). */
export async function listAgencies(db: Kysely<Database>, ids?: readonly string[]): Promise<Agency[]> {
  if (ids?.length === 0) return [];
  const rows = await db
    .selectFrom("agencies")
    .selectAll()
    .$if(ids !== undefined, (q) => q.where("id", "in", ids!))
    .orderBy("id")
    .execute();
  return rows.map(agencyFromRow);
}

export async function getAgency(db: Kysely<Database>, id: string): Promise<Agency | undefined> {
  const row = await db.selectFrom("agencies").selectAll().where("id", "=", id).executeTakeFirst();
  return row && agencyFromRow(row);
}

/** How many agencies the registry holds. */
export async function countAgencies(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom("agencies")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Agency ids per `IN (…)` list of the reads that take any number of agencies (crawl coverage, the
 * review list): far below SQLite's variable limit, and a batch's rows stay small. The grade and
 * publish stages walk the registry in smaller batches of their own (`GRADE_BATCH`,
 * `PUBLISH_BATCH`), which bound their memory.
 */
export const AGENCY_BATCH = 200;
