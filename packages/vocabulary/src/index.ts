export { REPORT_FORMATS, SOURCE_KINDS, isReportFormat } from "./report-formats.js";
export type { ReportFormat, SourceKind } from "./report-formats.js";
export {
  APPLICATION_COLUMNS,
  WITHHELD_ROWS,
  UNABLE_ROWS,
  NOT_PROCESSED_ROWS,
  OTHER_HANDLING_ROWS,
  REVIEW_GROUPS,
  REVIEW_OUTCOMES,
  REPORT_TABLES,
  PROSE_FIGURE_KEY,
  tableOfKey,
  isProseFigureKey,
  proseFigureName,
} from "./value-keys.js";
export type { ApplicationColumn, ReportTable } from "./value-keys.js";
export { SECTION_KEYS, SECTION_NAMES, isSectionKey, sectionName } from "./sections.js";
export type { SectionKey } from "./sections.js";
export {
  CHECKS,
  CHECK_IDS,
  HARD_CHECK_IDS,
  isCheckId,
  checkKey,
  parseCheckKey,
  checkIdOf,
} from "./checks.js";
export type { CheckId, CheckDefinition, CheckSeverity, CheckStatus, CheckSides } from "./checks.js";
export {
  IDENTITY_CHECK_IDS,
  REQUESTER_COLUMNS,
  REVIEW_OUTCOME_PARTS,
  applicationKey,
  applicationRows,
  handledRows,
  identityCheckKeys,
  identityScopes,
  identityTerms,
  isIdentityCheckId,
} from "./identity-terms.js";
export type { IdentityCheckId } from "./identity-terms.js";
export { DIMENSIONS, DIMENSION_KEYS, DIMENSION_NAMES, TOTAL_DIMENSION } from "./dimensions.js";
export type { DimensionKey } from "./dimensions.js";
export { ConfigError, formatConfigIssue } from "./config-error.js";
export type { ConfigIssue } from "./config-error.js";
export { TEMPLATE_PHRASES, formLabel, formLabelKeys, describeCell } from "./form-labels.js";
export type { FormLabel } from "./form-labels.js";
export { PROSE_FIGURE_DESCRIPTIONS, proseFigureDescription } from "./prose-figure-descriptions.js";
export { yearFromTitle } from "./report-title-year.js";
export {
  FINDING_KINDS,
  findingKey,
  isCorrectableValueKey,
  isFindingKey,
  parseFindingKey,
  parseReviewFact,
  reviewFact,
} from "./findings.js";
export type { FindingKind } from "./findings.js";
export {
  FINDING_KEY_EXAMPLES,
  REVIEW_ACTIONS,
  REVIEW_FACT_EXAMPLES,
  REVIEW_STATES,
  REVIEW_STATE_NAMES,
  reviewStateOf,
} from "./review-words.js";
export type { ReviewAction, ReviewState } from "./review-words.js";
export {
  TEXT_TABLE_PAIRS,
  checkValueKeys,
  needsOcrReview,
  runIdentityChecks,
  runTextTableChecks,
} from "./identity-checks.js";
export type { CheckedValue, ComputedCheck, OcrReadValue } from "./identity-checks.js";
export { LANDING_PAGE_CHARS } from "./landing-page.js";
