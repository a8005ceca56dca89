/** The OCR engine is not installed here (tesseract or its chi_sim model): scans stay unread, with a warning. */
export class OcrUnavailableError extends Error {
  override name = "OcrUnavailableError";
}
