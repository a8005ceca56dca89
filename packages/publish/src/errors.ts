/** A PDF could not be rendered (Chromium missing or crashed); HTML output is unaffected. */
export class PdfRenderError extends Error {
  override name = "PdfRenderError";
}
