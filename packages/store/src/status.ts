import type { Kysely } from "kysely";
import { countAgencies } from "./queries/agencies.js";
import { documentStateCounts } from "./queries/documents.js";
import { reportsPerYear } from "./queries/reports-read.js";
import { type FailedMessage, failedMessages, outboxCounts } from "./queries/outbox.js";
import type { Database } from "./schema.js";

export interface StoreStatus {
  agencies: number;
  documents: {
    total: number;
    byFetchState: Record<string, number>;
    byExtractionState: Record<string, number>;
  };
  reportsPerYear: { year: number; reports: number; failedChecks: number }[];
  /** E-mail messages by outbox state, and the latest failed ones with the SMTP reply. */
  outbox: Record<string, number>;
  failedMessages: FailedMessage[];
}

/** Counts for `touming status`, from a read of each table: agencies, documents by state, reports per year. */
export async function storeStatus(db: Kysely<Database>): Promise<StoreStatus> {
  const [agencies, documents, perYear] = await Promise.all([
    countAgencies(db),
    documentStateCounts(db),
    reportsPerYear(db),
  ]);
  const [outbox, failed] = await Promise.all([outboxCounts(db), failedMessages(db)]);
  return {
    agencies,
    documents: {
      total: Object.values(documents.byFetchState).reduce((a, b) => a + b, 0),
      ...documents,
    },
    reportsPerYear: perYear,
    outbox,
    failedMessages: failed,
  };
}
