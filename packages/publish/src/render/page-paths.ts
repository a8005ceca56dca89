/** Where an agency-year's card is, relative to the output directory. */
export const cardPath = (agencyId: string, year: number) => `cards/${agencyId}/${year}.html`;

/** Where a jurisdiction's summary of a year is, relative to the output directory. */
export const summaryPath = (jurisdictionId: string, year: number) =>
  `jurisdictions/${jurisdictionId}/${year}.html`;

/**
 * Where the 评分细则 page of a rubric version is, relative to the output directory: `rubric/v1.html`
 * (a version's characters other than lower-case letters, digits, dots, dashes and underscores as `-`,
 * at most 100 of them).
 */
export const rubricPagePath = (version: string) =>
  `rubric/v${version
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, "-")
    .replace(/\.{2,}/g, ".")
    .slice(0, 100)}.html`;
