import { decodeBytes } from "./decode/detect-encoding.js";
import { docxToDocument } from "./document/from-docx.js";
import { htmlToDocument } from "./document/from-html.js";
import { textToDocument } from "./document/from-text.js";
import { ZipEntryMissingError } from "./document/zip-entry.js";
import {
  failure,
  failureOf,
  inputFailure,
  normalizeScript,
  readReport,
  tooMuchText,
} from "./report-reading.js";
import { detectKind } from "./source-kind.js";
import type { ExtractInput, ExtractResult, NormalizedDocument } from "./types.js";

// The markup readers (HTML, text that may hold HTML tables, DOCX) bring cheerio and parse5, which
// take about 70 ms to load: apart from extract.ts, so that reading a PDF loads neither
// (`@touming/extract/async`, which `touming extract FILE` uses).

/**
 * Extracts a report from bytes. Pure: no I/O, no clock. Never throws: bad input gives
 * `{ ok: false, error: { code, message } }` or a low-confidence report with warnings.
 *
 * @example
 *   const result = extract({ bytes, url: "https://x.gov.cn/art/2025/1/20/art_1_2.html" });
 *   if (result.ok) console.log(result.metadata.year, result.values.length);
 */
export function extract(input: ExtractInput): ExtractResult {
  try {
    const { bytes } = input;
    const refused = inputFailure(bytes);
    if (refused) return refused;
    const kind = detectKind(bytes, input.url, input.contentType);
    switch (kind) {
      case "pdf":
        return failure(
          "unsupported_format",
          "PDF documents are read by extractAsync (PDF parsing is asynchronous)",
        );
      case "zip": {
        let docx: NormalizedDocument;
        try {
          docx = docxToDocument(bytes);
        } catch (error) {
          if (error instanceof ZipEntryMissingError) {
            return failure(
              "unsupported_format",
              "a zip archive that is not a Word document (no word/document.xml); archives are not opened",
            );
          }
          return failureOf(error, "the DOCX could not be read");
        }
        return tooMuchText(docx) ?? readReport(normalizeScript(docx), input.agencyHint);
      }
      case "ole":
        return failure("unsupported_format", "DOC/WPS documents are read by extractAsync");
      case "image":
        return failure("unsupported_format", "images (scans) are read by OCR in extractAsync");
      case "unknown-binary":
        return failure("unsupported_format", "the document is binary data of an unknown format");
    }
    const decoded = decodeBytes(bytes, input.contentType ? { contentType: input.contentType } : {});
    // An error of the HTML or text reader other than a limit is a bug, not a malformed page.
    const doc =
      kind === "html"
        ? htmlToDocument(decoded.text, decoded.encoding)
        : textToDocument(decoded.text, decoded.encoding);
    doc.warnings.unshift(...decoded.warnings);
    return tooMuchText(doc) ?? readReport(normalizeScript(doc), input.agencyHint);
  } catch (error) {
    return failureOf(error);
  }
}
