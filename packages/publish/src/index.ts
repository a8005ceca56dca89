export { publishStage } from "./publish-stage.js";
export type { PdfYears, PublishOptions } from "./publish-run.js";
export { pdfYearsOf } from "./publish-run.js";
export type {
  AgencyBatch,
  AgencyRecord,
  FileRecord,
  GradedYear,
  Headline,
  IssuingOffice,
  Output,
  OutputRun,
  PageCommon,
  PublishRun,
  PublishSummary,
} from "./output.js";
export type { Written } from "./output-files.js";
export { BUILT_IN_OUTPUTS } from "./outputs/built-in.js";
export { openDataOutput } from "./outputs/open-data.js";
export { openDataFiles } from "./open-data-layout.js";
export type { OpenDataFile } from "./open-data-layout.js";
export { archivesOutput, archivePath } from "./outputs/archives.js";
export { cardsOutput } from "./outputs/cards.js";
export { summariesOutput } from "./outputs/summaries.js";
export { indexOutput } from "./outputs/index-page.js";
export { rubricPageOutput } from "./outputs/rubric-page.js";
export { searchOutput } from "./outputs/search.js";
export { feedsOutput, ALL_FEED, feedPath } from "./outputs/feeds.js";
export { pageStyleHashes } from "./render/page-styles.js";
export type { Cell, Exporter, RecordEncoder } from "./exporters/exporter.js";
export { BUILT_IN_EXPORTERS } from "./exporters/built-in.js";
export { csvExporter } from "./exporters/csv.js";
export { jsonLinesExporter } from "./exporters/json-lines.js";
export { DATASETS } from "./datasets.js";
export type { Dataset, DatasetSource } from "./datasets.js";
export { cardPath, rubricPagePath, summaryPath } from "./render/page-paths.js";
export { PdfRenderError } from "./errors.js";
export { jurisdictions } from "./jurisdictions.js";
export type { Jurisdiction } from "./jurisdictions.js";
export { DEFAULT_CHROMIUM, HEADLESS_SHELL, defaultPdfChromium } from "./render/chromium-path.js";
export type { PdfRendererOptions } from "./render/pdf-renderer.js";
export { pagePathIn, printPdfsHere } from "./outputs/pdfs.js";
export type { PdfJob, PdfPrintContext, PdfPrinter } from "./outputs/pdfs.js";
