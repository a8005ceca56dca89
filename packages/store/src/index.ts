// What other packages use of the store, and nothing more: a query only they call stays internal.
export { MigrationError, dialectOf, openStore } from "./open-store.js";
export type { Store, StoreDb, StoreOptions } from "./open-store.js";
export { isPostgresUrl, redactedUrl } from "./dialects/postgres.js";
export { isLostConnection } from "./dialects/postgres-retrying-driver.js";
export type { DialectName, SessionLock, StoreDialect } from "./dialects/store-dialect.js";
export { sha256Hex } from "./blob-store.js";
export type { BlobStore } from "./blob-store.js";
export { DirectoryBlobStore } from "./blob-stores/directory.js";
export { StoreReadOnlyError } from "./errors.js";
export { storageFailure } from "./storage-failure.js";
export { systemClock } from "./clock.js";
export type { Clock } from "./clock.js";
export { isProcessAlive } from "./process-identity.js";
export type {
  Stage,
  StageContext,
  StageLog,
  StageOutcome,
  StageProgress,
  StageSummary,
} from "./stage-contract.js";
export type {
  CheckRow,
  CrawlFindingRow,
  DocumentRow,
  FetchRow,
  FrontierKind,
  ListedDateSource,
  OcrLevel,
  OutboxState,
  PublicationRow,
  ReportValueRow,
} from "./schema.js";

export { AGENCY_BATCH, getAgency, listAgencies, upsertAgencies } from "./queries/agencies.js";
export type { Agency } from "./queries/agencies.js";
export {
  finishRun,
  getRun,
  lastRunPerStage,
  lastSuccessfulRun,
  markDeadRunsInterrupted,
  startRun,
} from "./queries/runs.js";
export type { RunCounters } from "./queries/runs.js";
export { acquireStageLock } from "./queries/stage-locks.js";
export {
  MAX_HOST_PENALTY_MS,
  hostPacing,
  penalizeHost,
  releaseHostSlot,
  renewHostSlot,
  rewardHost,
  takeHostSlot,
} from "./queries/host-leases.js";
export type { HostLeaseStore, HostPacing, HostSlot, HostSlotRequest } from "./queries/host-leases.js";
export { crawlTrail, lastStoredFetches, lastSuccessfulFetch, recordFetch } from "./queries/fetches.js";
export type { FetchRecord } from "./queries/fetches.js";
export {
  addDocument,
  addFetchedDocument,
  countDocumentsToExtract,
  documentByUrl,
  documentsByUrls,
  documentsToExtract,
  getDocument,
  hasUnfetchedAttachments,
  pageImagesOf,
  recordDocumentContent,
  recordDocumentFetchFailure,
  recordExtractionOutcome,
  recordPageImages,
  upsertDocument,
} from "./queries/documents.js";
export type { DocumentContent, DocumentSighting, PageImageSighting } from "./queries/documents.js";
export {
  clearFrontier,
  completeFrontier,
  crawlFindings,
  enqueueFrontier,
  frontierCounts,
  frontierListPages,
  openFrontierRounds,
  pendingFrontier,
  recordCrawlFinding,
  startFrontierRound,
} from "./queries/frontier.js";
export type { FrontierEntry, StoredFrontierEntry } from "./queries/frontier.js";
export { recordCrawlBatch } from "./queries/crawl-batch.js";
export type {
  BatchedDocument,
  CrawlBatch,
  CrawlBatchWritten,
  FrontierCompletion,
} from "./queries/crawl-batch.js";
export { type CrawlBatchWriter, batchWriterOn, openCrawlBatchWriter } from "./crawl-batches/batch-writer.js";
export {
  MAX_COVERAGE_REASONS,
  coverageByAgency,
  crawlCoverage,
  crawlFindingsAfter,
  lastCrawlFindingId,
  navigationPages,
  recordCrawlCoverage,
} from "./queries/crawl-coverage.js";
export type {
  CoverageFinding,
  CoverageReason,
  CrawlCoverage,
  NewCrawlCoverage,
  UnfinishedPage,
} from "./queries/crawl-coverage.js";
export { deadReportLinks } from "./queries/dead-report-links.js";
export type { DeadReportLink } from "./queries/dead-report-links.js";
export { saveExtraction } from "./queries/reports-save.js";
export {
  getReport,
  reportYears,
  reportYearsOfAgencies,
  reportsOfAgencies,
  summaryFiguresOfAgencies,
} from "./queries/reports-read.js";
export type {
  ReportWithSource,
  StoredOcrMark,
  StoredOcrPage,
  StoredOcrReading,
  StoredValue,
} from "./queries/reports-read.js";
export type { OcrMarkInput } from "./queries/reports-save.js";
export {
  countGradedAgencyYears,
  deleteGradesOfYears,
  encodeEvidence,
  gradedYears,
  gradesOf,
  gradesOfAgencies,
  saveGrades,
} from "./queries/grades.js";
export type { AgencyYearGrade, DimensionGrade, StoredGrade } from "./queries/grades.js";
export {
  agencyInputStamps,
  forgetPublications,
  listPublications,
  openDataInputs,
  publicationsOfAgencies,
  recordPublications,
  sharedPublications,
} from "./queries/publications.js";
export type { PublicationRecord } from "./queries/publications.js";
export { addFeedEntries, latestFeedEntries, recentFeedEntries } from "./queries/feed-entries.js";
export type { FeedEntry, FeedEntryKind, NewFeedEntry } from "./queries/feed-entries.js";
export { storeStatus } from "./status.js";
export { addReviews, reviewChangesSince, reviewsOf, reviewsOfAgencies } from "./queries/reviews.js";
export type { GradeHeadline, NewReview, Review, ReviewAction, ReviewChange } from "./queries/reviews.js";
export {
  dueMessages,
  failedMessages,
  getOutboxMessage,
  markFailed,
  markRetry,
  markSending,
  markSent,
  nextRetryAt,
  outboxCounts,
  outboxHistory,
  queueMessage,
  requeueFailed,
  recoverInterruptedSends,
  replaceUnsentMessage,
} from "./queries/outbox.js";
export type { FailedMessage, NewOutboxMessage, OutboxKey, OutboxMessage } from "./queries/outbox.js";
