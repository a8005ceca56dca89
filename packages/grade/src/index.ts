export type {
  Dimension,
  AnyDimension,
  DimensionResult,
  DimensionFindings,
  GradeContext,
  ConsistencyProblem,
  Similarity,
} from "./dimension.js";
export { defineDimension, problemsOf } from "./dimension.js";
export { BUILT_IN_DIMENSIONS } from "./dimensions/index.js";
export type { TimelinessConfig } from "./dimensions/timeliness.js";
export type { StructureConfig } from "./dimensions/structure.js";
export type { DataDisclosureConfig } from "./dimensions/data-disclosure.js";
export type { IntegrityConfig } from "./dimensions/integrity.js";
export type { SubstanceConfig } from "./dimensions/substance.js";
export type { AccessibilityConfig } from "./dimensions/accessibility.js";
export {
  points,
  count,
  share,
  oneOf,
  sectionKey,
  sectionKeys,
  dimensionConfig,
} from "./rubric/config-fields.js";
export { loadRubric, parseRubric, BUILT_IN_RUBRIC_FILE, RUBRIC_FILES } from "./rubric/load-rubric.js";
export type { RubricOptions } from "./rubric/load-rubric.js";
export type { Rubric, RubricGrade } from "./rubric/rubric-schema.js";
export type {
  GradeInput,
  GradedReport,
  GradedValue,
  GradedCheck,
  ReportedGradeInput,
  CrawlCoverageFact,
  DeadLinkFact,
} from "./grade-input.js";
export type { AgencyYearState, MissingReportState } from "./agency-year-state.js";
export { DEAD_LINK_DAYS } from "./agency-year-state.js";
export type { Caps, AppliedCap } from "./rubric/caps.js";
export type { DateEvidence } from "./publish-date-evidence.js";
export { gradeAgencyYear } from "./grade-agency-year.js";
export type { GradeResult } from "./grade-agency-year.js";
export { daysBetween } from "./deadline.js";
export type { Deadline, DeadlineAgency } from "./deadline.js";
export { gradeStage } from "./grade-stage.js";
export type { GradeStageOptions, GradeStageSummary, GradeStageDetails } from "./grade-stage.js";
export { gradesByYear, headlineOf } from "./published-grade.js";
export type { PublishedGrade, ReviewCounts, ReviewedHeadline, ReviewedItem } from "./published-grade.js";
export type { GradedReview } from "./grade-input.js";
export { fingerprintOf, findingStanding, activeCorrections } from "./reviews/review-states.js";
export type { FindingReview, FindingStanding } from "./reviews/review-states.js";
export type { FindingCandidate, GradeFinding } from "./reviews/findings.js";
export { extractedFact } from "./reviews/corrections.js";
export type { AppliedCorrection } from "./reviews/corrections.js";
export { correctionText, reviewEffects } from "./reviews/effects.js";
export { gradedReview, storedFact } from "./stored-input.js";
export {
  isCellNumber,
  isHttpUrl,
  isIsoDate,
  parseReviewsFile,
  reviewsFileData,
} from "./reviews/reviews-file.js";
export type { ReviewEntry } from "./reviews/reviews-file.js";
