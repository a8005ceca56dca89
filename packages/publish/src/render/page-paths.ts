/** Where an agency-year's card is, relative to the output directory. */
export const cardPath = (agencyId: string, year: number) => `cards/${agencyId}/${year}.html`;

/** Where a jurisdiction's summary of a year is, relative to the output directory. */
export const summaryPath = (jurisdictionId: string, year: number) =>
  `jurisdictions/${jurisdictionId}/${year}.html`;
