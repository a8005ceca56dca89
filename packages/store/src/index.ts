export { openStore, migrateToLatest, MigrationError } from "./open-store.js";
export type { Store, StoreOptions, StoreDb } from "./open-store.js";
export { BlobStore, sha256Hex } from "./blob-store.js";
export type { PutResult } from "./blob-store.js";
export { StoreOpenError, StageLockedError, BlobCorruptError, StoreReadOnlyError } from "./errors.js";
export { systemClock } from "./clock.js";
export type { Clock } from "./clock.js";
export { upsertAgencies, listAgencies, getAgency } from "./agencies.js";
export type { Agency, UpsertAgenciesResult } from "./agencies.js";
export {
  startRun,
  finishRun,
  markDeadRunsInterrupted,
  lastRunPerStage,
  getRun,
  lastSuccessfulRun,
} from "./runs.js";
export type { Run, RunCounters } from "./runs.js";
export { acquireStageLock } from "./stage-lock.js";
export type { StageLock } from "./stage-lock.js";
export { currentProcess, isProcessAlive } from "./process-identity.js";
export type { ProcessIdentity } from "./process-identity.js";
export { recordFetch, lastSuccessfulFetch } from "./fetches.js";
export type { FetchRecord } from "./fetches.js";
export {
  upsertDocument,
  recordDocumentContent,
  recordDocumentFetchFailure,
  documentsToExtract,
  countDocumentsToExtract,
  recordExtractionOutcome,
  getDocument,
  hasUnfetchedAttachments,
} from "./documents.js";
export type { DocumentSighting, DocumentContent, ContentOutcome } from "./documents.js";
export { saveExtraction } from "./extraction.js";
export type { ExtractionToSave, ReportValueInput, ReportSectionInput, CheckInput } from "./extraction.js";
export { reportsForYear, getReport } from "./reports.js";
export type { ReportSummary, FullReport } from "./reports.js";
export { saveGrades } from "./grades.js";
export type { DimensionGrade, AgencyYearGrade } from "./grades.js";
export { recordPublication, recordPublications, listPublications } from "./publications.js";
export { agencyInputStamps, openDataInputs } from "./input-stamps.js";
export {
  AGENCY_BATCH,
  reportsOfAgencies,
  gradesOfAgencies,
  publicationsOfAgencies,
  sharedPublications,
  reportYearsOfAgencies,
  summaryFiguresOfAgencies,
} from "./agency-batches.js";
export type { SummaryFigures } from "./agency-batches.js";
export type { PublicationRecord } from "./publications.js";
export { storeStatus } from "./status.js";
export type { StoreStatus } from "./status.js";
export type * from "./schema.js";
export {
  enqueueFrontier,
  pendingFrontier,
  completeFrontier,
  frontierCounts,
  clearFrontier,
  recordCrawlFinding,
  crawlFindings,
  documentByUrl,
  frontierListPageCounts,
} from "./frontier.js";
export type { FrontierEntry } from "./frontier.js";
export { reportYears, crawlTrail, gradesOf, gradedYears, countGradedAgencyYears } from "./grading-reads.js";
export type { ReportWithSource } from "./grading-reads.js";
export { storageFailure } from "./storage-failure.js";
export type { StorageFailure } from "./storage-failure.js";
export type {
  Stage,
  StageContext,
  StageLog,
  StageOutcome,
  StageProgress,
  StageSummary,
  SummaryValue,
} from "./stage-contract.js";
