/** A rubric file was rejected: the message names the file, the field and what was expected. */
export class RubricError extends Error {
  override name = "RubricError";
}

/** A PDF could not be rendered (Chromium missing or crashed); HTML output is unaffected. */
export class PdfRenderError extends Error {
  override name = "PdfRenderError";
}
