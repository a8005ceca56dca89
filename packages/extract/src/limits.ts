// What extraction refuses to do, so that no input, broken or hostile, can take unbounded memory or
// time. A document over a limit is a `too_large` failure (DocumentTooLargeError inside); one that
// runs out of time is `timeout`. Real reports stay one or two orders of magnitude below each.

/** Input bytes; refused before any parsing (a report is rarely over 20 MB). */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;

/** Characters of text read from one document, in any format (a 300-page report has under a million). */
export const MAX_TEXT_CHARS = 3_000_000;

/** Default time budget for reading one PDF or DOC (`ExtractInput.timeBudgetMs`). */
export const PDF_TIME_BUDGET_MS = 60_000;

/** HTML: start and end tags in the source. */
export const MAX_HTML_TAGS = 500_000;
/**
 * HTML: elements the parser builds, counting the formatting elements it reopens in every
 * paragraph after an unclosed `<font>`: 40 KB of such markup builds two million elements.
 */
export const MAX_HTML_ELEMENTS = 200_000;
/** HTML: elements open at once. Chromium's parser stops nesting at 512 as well. */
export const MAX_HTML_DEPTH = 512;

/** DOCX: bytes word/document.xml may inflate to, whatever the zip declares (a report's is under 5 MB). */
export const MAX_DOCX_XML_BYTES = 50 * 1024 * 1024;
/** DOCX: XML elements in word/document.xml (runs, paragraphs, cells). */
export const MAX_DOCX_XML_ELEMENTS = 2_000_000;
/** DOCX: nesting in word/document.xml; tables in tables in cells stay far below. */
export const MAX_DOCX_XML_DEPTH = 512;

/**
 * PDF: address space of the MuPDF process that reads a PDF, in MB; a PDF that needs more is too
 * large. Reports need under 50 MB (the Type 3 fixture 43 MB; 240 pages of 淮安's report, each copy
 * with its own fonts, 146 MB). A page of millions of characters fills it before the script can count
 * them, as MuPDF lays out a whole page first, and the time grows faster than the cap: 1.2 s at 256 MB,
 * 3.2 s at 384, 8 s at 512 on a quiet 2-core machine (512 ran past the fuzz tests' 20 s budget on a
 * loaded CI run).
 */
export const MAX_PDF_MEMORY_MB = 256;
/** PDF: pages read; later pages are left out with a warning (a report is rarely over 40). */
export const MAX_PDF_PAGES = 300;
/**
 * PDF: bytes that the Flate streams other than images may inflate to, all together: 500 KB of PDF
 * can ask for a gigabyte, and a reader spends its time and memory inflating it. Refused before the
 * reader starts; fonts and page contents of a 300-page report stay far below.
 */
export const MAX_PDF_DECODED_BYTES = 128 * 1024 * 1024;
