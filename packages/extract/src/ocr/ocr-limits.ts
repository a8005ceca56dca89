// What OCR refuses to do, like every other reader (limits.ts): a scan of a hundred pages or an image
// of a billion pixels is a typed error, never a crash or a stalled night.

/** Pages read by OCR from one document; later scanned pages are left out with a warning. */
export const MAX_OCR_PAGES = 60;
/** Pixels of one page image as rendered or decoded (an A4 page at 300 dpi has 8.7 million). */
export const MAX_OCR_PIXELS = 40_000_000;
/** Time one page may take in the OCR engine before it is stopped and the page left unread. */
export const OCR_PAGE_TIME_MS = 30_000;
/** Time MuPDF may take to list what a PDF's scanned pages draw (page-image.ts); past it they are rendered. */
export const PAGE_TRACE_TIME_MS = 10_000;
/** Output of the engine for one page (its TSV of words); a real page gives under 200 KB. */
export const MAX_OCR_OUTPUT_BYTES = 8 * 1024 * 1024;

/** A word read at or above this confidence is trusted for checks (`high`). */
export const OCR_HIGH_CONFIDENCE = 0.85;
/** A figure read below this confidence is left blank (`unreadable`): never a guessed number. */
export const OCR_READABLE_CONFIDENCE = 0.5;

/** A page read with a mean confidence under this is as good as unread: its text is not known. */
export const OCR_WEAK_PAGE_CONFIDENCE = 0.6;

/** Resolution pages are read at: Tesseract reads CJK best with characters some 30–40 pixels high. */
export const OCR_DPI = 300;
/**
 * Resolution of the page pass (the whole page read once, for its prose, its labels and where every
 * word lies). Lower than OCR_DPI: on the bench's scans more cells come out exact (99.8–99.9% at each
 * dpi against 99.7%; image inputs 99.9% against 99.5%), as the page's words fall into their cells
 * more surely; every table cell read unsurely and every figure is read again at OCR_DPI. (The page
 * pass itself is a tenth quicker, 2.28 s against 2.51 s a page, but more cells are then read alone:
 * the whole page takes as long as before. At 150 dpi, rows were lost.)
 */
export const PAGE_PASS_DPI = 200;
/** The page image kept for cards to link (greyscale JPEG) is the read page shrunk this many times... */
export const OCR_IMAGE_SHRINK = 2;
/** ...to this resolution. */
export const OCR_IMAGE_DPI = OCR_DPI / OCR_IMAGE_SHRINK;
