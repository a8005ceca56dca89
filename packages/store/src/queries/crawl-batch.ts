import type { Kysely } from "kysely";
import type { Database } from "../schema.js";
import { type DocumentContent, type DocumentSighting, addFetchedDocument } from "./documents.js";
import { type FetchRecord, fetchRowOf } from "./fetches.js";
import { type FrontierEntry, frontierRowOf } from "./frontier.js";
import { statementChunks } from "../dialects/statement-rows.js";

/** A frontier row that ended, with what it discovered (queued in the same transaction). */
export interface FrontierCompletion {
  id: number;
  state: "done" | "failed";
  attempts: number;
  error: string | null;
  /** When it ended (ISO time). */
  at: string;
  discovered: readonly FrontierEntry[];
}

/**
 * A report fetched for the first time, written in the batch (before the rows that refer to it). Until
 * then it goes by `key`, a negative number: a discovered URL whose `parentDocumentId` is that key
 * gets the document's id.
 */
export interface BatchedDocument {
  key: number;
  sighting: DocumentSighting;
  content: DocumentContent;
  /** When it was fetched (ISO time). */
  at: string;
}

/** A batch of the crawl's writes that can wait a moment, each stamped with its own time. */
export interface CrawlBatch {
  documents?: readonly BatchedDocument[];
  fetches: readonly (FetchRecord & { at: string })[];
  findings: readonly {
    runId: number | null;
    agencyId: string;
    url: string;
    kind: string;
    detail: string;
    at: string;
  }[];
  completions: readonly FrontierCompletion[];
}

/** What writing a batch did: frontier rows added (URLs not queued before), and the reports' ids by their keys. */
export interface CrawlBatchWritten {
  added: number;
  documentIds: ReadonlyMap<number, number>;
}

/**
 * Writes a batch of crawl results in one transaction: the reports fetched for the first time (as
 * addFetchedDocument writes each), the fetch log rows, the findings, the URLs the ended frontier rows
 * discovered (a URL already queued for the agency is passed over) and the rows' end. All or nothing:
 * a crawl killed before the batch commits finds those rows still pending and fetches them again.
 * Returns how many frontier rows were added, and the reports' ids by their keys.
 */
export async function recordCrawlBatch(db: Kysely<Database>, batch: CrawlBatch): Promise<CrawlBatchWritten> {
  const { fetches, findings, completions } = batch;
  const documents = batch.documents ?? [];
  if (documents.length + fetches.length + findings.length + completions.length === 0)
    return { added: 0, documentIds: new Map() };
  return db.transaction().execute(async (trx) => {
    const idOfKey = new Map<number, number>();
    for (const d of documents) {
      const { id } = await addFetchedDocument(trx, d.sighting, d.content, () => new Date(d.at));
      idOfKey.set(d.key, id);
    }
    const parentOf = (parent: number | null | undefined) => {
      if (parent === undefined || parent === null || parent >= 0) return parent;
      const id = idOfKey.get(parent);
      if (id === undefined) throw new Error(`recordCrawlBatch: no document ${parent} in the batch`);
      return id;
    };
    for (const rows of statementChunks(
      trx,
      fetches.map((f) => fetchRowOf(f, f.at)),
    ))
      await trx.insertInto("fetches").values(rows).execute();
    const findingRows = findings.map((f) => ({
      run_id: f.runId,
      agency_id: f.agencyId,
      url: f.url,
      kind: f.kind,
      detail: f.detail,
      created_at: f.at,
    }));
    for (const rows of statementChunks(trx, findingRows))
      await trx.insertInto("crawl_findings").values(rows).execute();
    const discovered = completions.flatMap((c) =>
      c.discovered.map((entry) =>
        frontierRowOf({ ...entry, parentDocumentId: parentOf(entry.parentDocumentId) }, c.at),
      ),
    );
    let added = 0;
    for (const rows of statementChunks(trx, discovered)) {
      const inserted = await trx
        .insertInto("crawl_frontier")
        .values(rows)
        .onConflict((oc) => oc.columns(["agency_id", "url"]).doNothing())
        .returning("id")
        .execute();
      added += inserted.length;
    }
    // Rows that ended alike (most: done at the first attempt) in one statement, stamped with the
    // group's last end.
    const alike = new Map<string, FrontierCompletion[]>();
    for (const c of completions) {
      const key = JSON.stringify([c.state, c.attempts, c.error]);
      const group = alike.get(key);
      if (group) group.push(c);
      else alike.set(key, [c]);
    }
    for (const group of alike.values()) {
      const { state, attempts, error } = group[0]!;
      const at = group.reduce((last, c) => (c.at > last ? c.at : last), group[0]!.at);
      for (const rows of statementChunks(trx, group))
        await trx
          .updateTable("crawl_frontier")
          .set({ state, attempts, last_error: error, updated_at: at })
          .where(
            "id",
            "in",
            rows.map((c) => c.id),
          )
          .execute();
    }
    return { added, documentIds: idOfKey };
  });
}
