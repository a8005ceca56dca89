/**
 * The report checks (the hard identities of report-format.md, non-negative cells, X-3) are defined
 * once in the vocabulary: extraction runs them on what it read, grading again on values an office
 * corrected by review. Re-exported here for extract's own modules and tests.
 */
export { runIdentityChecks, runTextTableChecks } from "@touming/vocabulary";
