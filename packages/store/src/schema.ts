import type { CheckSeverity, CheckStatus, ReportFormat } from "@touming/vocabulary";
import type { Generated, Insertable, Selectable } from "kysely";

/** ISO-8601 timestamp text (UTC, `2026-01-31T08:00:00.000Z`). */
export type Timestamp = string;
/** Calendar date text (`2026-01-31`). */
export type IsoDate = string;
/** A JSON document stored as text; the typed functions encode and decode it. */
export type JsonText = string;

export type AgencyLevel = "province" | "city" | "county" | "district" | "department";

export interface AgenciesTable {
  id: string;
  name: string;
  region_code: string;
  level: AgencyLevel;
  parent_id: string | null;
  site_url: string | null;
  list_urls: JsonText;
  /** Local deadline for report year N as `MM-DD` of year N+1, overriding the statutory one. */
  deadline_override: string | null;
  /** The first report year monitored (registry `monitorFrom`); null: no lower bound. */
  monitor_from: number | null;
  /** The last report year monitored (registry `monitorUntil`); null: no upper bound. */
  monitor_until: number | null;
  crawl_options: JsonText;
  /** E-mail addresses (registry `recipients`) as a JSON list; a government's get its jurisdiction's messages. */
  recipients: Generated<JsonText>;
  /** The registry file the agency was last imported from. */
  source_file: string | null;
  first_imported_at: Timestamp;
  updated_at: Timestamp;
}

export type RunStatus = "running" | "ok" | "failed" | "interrupted";

export interface RunsTable {
  id: Generated<number>;
  stage: string;
  started_at: Timestamp;
  ended_at: Timestamp | null;
  status: RunStatus;
  counters: JsonText;
  error: string | null;
  pid: number;
  host: string;
}

export interface StageLocksTable {
  stage: string;
  run_id: number | null;
  pid: number;
  host: string;
  /** Identifies the holding process beyond its pid, which the OS reuses: its start time. */
  process_token: string;
  acquired_at: Timestamp;
}

/** A host's pacing across every process on the database (migration 0016; `queries/host-leases.ts`). */
export interface HostPacingTable {
  host: string;
  /** When the host's next request may start (epoch ms). */
  next_start_at: number;
  /** Extra spacing after errors and throttling; halves on each success. */
  penalty_ms: number;
}

/** A request in flight on a host, held by one process until released or `expires_at` (epoch ms). */
export interface HostLeasesTable {
  host: string;
  lease_id: string;
  /** Who holds it, for people reading the table (host name and pid). */
  holder: string;
  expires_at: number;
}

export interface FetchesTable {
  id: Generated<number>;
  run_id: number | null;
  agency_id: string | null;
  url: string;
  final_url: string | null;
  status: number | null;
  etag: string | null;
  last_modified: string | null;
  content_type: string | null;
  bytes: number | null;
  sha256: string | null;
  duration_ms: number | null;
  error: string | null;
  fetched_at: Timestamp;
}

export type DocumentKind = "article" | "attachment" | "file";
/** A listed date's source: a JSON list API's publish time, or the date beside the link on an HTML list page. */
export type ListedDateSource = "api" | "list";
export type FetchState = "pending" | "fetched" | "failed";
export type ExtractionState = "pending" | "done" | "failed" | "skipped";

export interface DocumentsTable {
  id: Generated<number>;
  agency_id: string;
  url: string;
  title: string | null;
  listed_date: IsoDate | null;
  /** Where listed_date was read (see ListedDateSource); null when it was not, or before migration 0007. */
  listed_date_source: ListedDateSource | null;
  kind: DocumentKind;
  parent_id: number | null;
  /**
   * A page image of an article whose body is the scanned report: its place among the article's
   * page images (1, 2, …), set each time the crawler reads the article (migration 0014); else null.
   */
  page: number | null;
  blob_sha256: string | null;
  content_type: string | null;
  etag: string | null;
  last_modified: string | null;
  first_seen_at: Timestamp;
  last_seen_at: Timestamp;
  changed_at: Timestamp | null;
  fetch_state: FetchState;
  fetch_error: string | null;
  extraction_state: ExtractionState;
  extraction_error: string | null;
  extractor_version: string | null;
  extracted_at: Timestamp | null;
}

export interface DocumentChangesTable {
  id: Generated<number>;
  document_id: number;
  previous_sha256: string;
  new_sha256: string;
  detected_at: Timestamp;
}

export interface ReportsTable {
  id: Generated<number>;
  agency_id: string;
  year: number;
  document_id: number | null;
  title: string | null;
  publish_date: IsoDate | null;
  /** Where publish_date came from: `metadata`, `top-line`, `signature`, `list`, `first-seen`. */
  publish_date_source: string | null;
  format: ReportFormat | null;
  text: string;
  metadata: Generated<JsonText>;
  warnings: Generated<JsonText>;
  extractor_version: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** How OCR read a figure from a page image: trusted (`high`), shown but not trusted (`low`), not read. */
export type OcrLevel = "high" | "low" | "unreadable";

export interface ReportValuesTable {
  report_id: number;
  key: string;
  /** null = the cell was present but blank, which is not the same as 0. */
  value: number | null;
  raw: string | null;
  unit: string | null;
  approximate: Generated<number>;
  excerpt: string | null;
  page: number | null;
  cell: string | null;
  /** 0..1: how sure OCR was of a figure read from a scanned page; null when it was not read by OCR. */
  confidence: number | null;
  /** How OCR read it: `high`, `low` or `unreadable` (then `value` is null); null when not read by OCR. */
  ocr_level: OcrLevel | null;
  /** Where on the page image it was read: `[left, top, width, height]` in pixels, as JSON. */
  ocr_box: JsonText | null;
}

export interface ReportSectionsTable {
  report_id: number;
  key: string;
  position: number;
  title: string;
  text: string;
}

export interface ChecksTable {
  report_id: number;
  key: string;
  severity: CheckSeverity;
  status: CheckStatus;
  /** The left side of the identity as printed (`new_received + carried_over = 3119 + 34 = 3153`). */
  left: string | null;
  right: string | null;
  message: string | null;
  /**
   * 1 when the check takes figures read by OCR not all with high confidence: a failure is a 提示 for
   * human check, never the agency's error (migration 0013).
   */
  ocr_review: Generated<number>;
}

export interface GradesTable {
  agency_id: string;
  year: number;
  report_id: number | null;
  rubric_version: string;
  dimension: string;
  points: number;
  max_points: number;
  reason: string;
  evidence: JsonText;
  graded_at: Timestamp;
}

/** What the Atom feeds announce: a new card, a changed grade or a correction of an agency-year. */
export interface FeedEntriesTable {
  id: Generated<number>;
  agency_id: string;
  year: number;
  /** 1 for the agency-year's first entry, then 2, 3…: with the agency and year, the entry's stable id. */
  seq: number;
  kind: "new" | "grade" | "correction";
  state: string;
  letter: string;
  score: number;
  previous_state: string | null;
  previous_letter: string | null;
  previous_score: number | null;
  /** The publish run's date (YYYY-MM-DD): the entry's time in the feed. */
  published_on: string;
  created_at: Timestamp;
}

/** What an office said about a finding or a fact (append-only: triggers refuse UPDATE and DELETE). */
export interface ReviewsTable {
  id: Generated<number>;
  agency_id: string;
  year: number;
  /** A finding key (`check:T3-A:total`, `timeliness:late`…); null for a fact. */
  finding_key: string | null;
  /** A fact corrected (`publish_date`, `agency`, `cell:<value key>`); null for a finding. */
  fact: string | null;
  action: "confirm" | "dismiss" | "correct" | "withdraw";
  /** The corrected value (a date, an agency id, a number as text); null unless `correct`. */
  value: string | null;
  /** A URL (publish date) or where the right figure is printed (a cell). */
  evidence: string | null;
  /** The fingerprint of what was reviewed: the finding's evidence, or the fact as extracted. */
  fingerprint: string | null;
  reason: string;
  reviewer: string;
  /** `command`, or the reviews file it was imported from. */
  source: string;
  created_at: Timestamp;
}

export interface PublicationsTable {
  path: string;
  kind: string;
  agency_id: string | null;
  year: number | null;
  sha256: string;
  bytes: number;
  published_at: Timestamp;
  run_id: number | null;
  /** Fingerprint of the inputs the file was made from (open data), when the publisher keeps one. */
  inputs: string | null;
}

export type FrontierKind = "site" | "list" | "article" | "attachment";
export type FrontierState = "pending" | "done" | "failed";

export interface CrawlFrontierTable {
  id: Generated<number>;
  agency_id: string;
  url: string;
  kind: FrontierKind;
  depth: Generated<number>;
  state: Generated<FrontierState>;
  attempts: Generated<number>;
  parent_document_id: number | null;
  meta: Generated<JsonText>;
  last_error: string | null;
  updated_at: Timestamp;
}

export interface CrawlFindingsTable {
  id: Generated<number>;
  run_id: number | null;
  agency_id: string;
  url: string;
  /** `blocked`, `robots`, `column_moved`, `dead_attachment`, `failed`, `no_column`. */
  kind: string;
  detail: string;
  created_at: Timestamp;
}

/** An agency's crawl round: open from the seeding of its frontier until its coverage is recorded. */
export interface FrontierRoundsTable {
  agency_id: string;
  started_at: Timestamp;
  /** Null while the round is open. */
  ended_at: Timestamp | null;
  /** The last crawl finding before the round started: the round's findings are those after it. */
  findings_after_id: Generated<number>;
}

/** One row per agency per crawl that ran to its end (not stopped by its signal). */
export interface CrawlCoverageTable {
  id: Generated<number>;
  run_id: number | null;
  agency_id: string;
  finished_at: Timestamp;
  /** 1 when every list page of the agency was read to its last page in that crawl, else 0. */
  complete: number;
  /** Why not complete: a JSON array of `{ url, kind, detail }`, the first few causes. */
  reasons: JsonText;
}

/** queued → sending → sent, or failed (a 5xx, or retries used up); see queries/outbox.ts. */
export type OutboxState = "queued" | "sending" | "sent" | "failed";

/** One e-mail message to one recipient about one jurisdiction (or agency) and year. */
export interface OutboxTable {
  id: Generated<number>;
  recipient: string;
  /** `jurisdiction`, or `agency` for an agency's own recipients. */
  scope_kind: string;
  scope_id: string;
  year: number;
  /** sha256 of what the message states (grades, states, findings, attached files' hashes). */
  content_hash: string;
  /** What the message states, as JSON: the next message's 更正 is the difference from it. */
  statement: JsonText;
  /** `first`, or `correction` (更正) of `replaces_id`. */
  kind: string;
  replaces_id: number | null;
  /** Fixed when queued: a retry after a kill sends the same Message-ID. */
  message_id: string;
  subject: string;
  /** The message's Date. */
  created_at: Timestamp;
  state: OutboxState;
  attempts: Generated<number>;
  /** Times a process died while the message was `sending`. */
  interruptions: Generated<number>;
  next_attempt_at: Timestamp | null;
  /** The SMTP server's last reply (or the connection error). */
  smtp_reply: string | null;
  sent_at: Timestamp | null;
  updated_at: Timestamp;
}

/** Blobs of a store that keeps them in its database (migration 0015): `DatabaseBlobStore`. */
export interface BlobsTable {
  /** The bytes' sha256, lower-case hex: the blob's name. */
  sha256: string;
  bytes: Buffer;
  /** Length of `bytes`. */
  size: number;
  created_at: Timestamp;
}

export interface Database {
  blobs: BlobsTable;
  crawl_frontier: CrawlFrontierTable;
  crawl_findings: CrawlFindingsTable;
  crawl_coverage: CrawlCoverageTable;
  frontier_rounds: FrontierRoundsTable;
  agencies: AgenciesTable;
  runs: RunsTable;
  stage_locks: StageLocksTable;
  host_pacing: HostPacingTable;
  host_leases: HostLeasesTable;
  fetches: FetchesTable;
  documents: DocumentsTable;
  document_changes: DocumentChangesTable;
  reports: ReportsTable;
  report_values: ReportValuesTable;
  report_sections: ReportSectionsTable;
  checks: ChecksTable;
  grades: GradesTable;
  publications: PublicationsTable;
  reviews: ReviewsTable;
  outbox: OutboxTable;
  feed_entries: FeedEntriesTable;
}

export type AgencyRow = Selectable<AgenciesTable>;
export type FrontierRow = Selectable<CrawlFrontierTable>;
export type CrawlFindingRow = Selectable<CrawlFindingsTable>;
export type CrawlCoverageRow = Selectable<CrawlCoverageTable>;
export type RunRow = Selectable<RunsTable>;
export type FetchRow = Selectable<FetchesTable>;
export type NewFetch = Insertable<FetchesTable>;
export type DocumentRow = Selectable<DocumentsTable>;
export type ReportRow = Selectable<ReportsTable>;
export type ReportValueRow = Selectable<ReportValuesTable>;
export type ReportSectionRow = Selectable<ReportSectionsTable>;
export type CheckRow = Selectable<ChecksTable>;
export type GradeRow = Selectable<GradesTable>;
export type PublicationRow = Selectable<PublicationsTable>;
export type ReviewRow = Selectable<ReviewsTable>;
export type OutboxRow = Selectable<OutboxTable>;
export type FeedEntryRow = Selectable<FeedEntriesTable>;
