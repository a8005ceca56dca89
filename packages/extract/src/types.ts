import type { CheckSeverity, CheckSides, CheckStatus, ReportFormat, SourceKind } from "@touming/vocabulary";

export type { ReportFormat, SourceKind };

/** What extract() is given: raw bytes and what the crawler knows about them. */
export interface ExtractInput {
  bytes: Uint8Array;
  /** Where the bytes came from; used for the file type and in excerpts. */
  url?: string;
  /** The HTTP Content-Type header (may carry a charset, may lie). */
  contentType?: string;
  /** The agency the registry expects; helps pick the name among candidates. */
  agencyHint?: string;
  /** Time allowed for reading a PDF or DOC (extractAsync); default 60 000 (PDF_TIME_BUDGET_MS). */
  timeBudgetMs?: number;
  /** Read scanned pages and images by OCR (extractAsync); default true. */
  ocr?: boolean;
}

/**
 * How a figure read from a page image (a scan) was read. `high`: read at or above
 * OCR_HIGH_CONFIDENCE by the Chinese model, the same digits by the digit reading, in a row whose label
 * was read as surely: trusted for checks; `low`: shown, but a check it takes part in is only a 提示 for
 * human check; `unreadable`: below OCR_READABLE_CONFIDENCE, or not a number: the value is left blank
 * (null) and never used.
 */
export interface OcrMark {
  /** 0..1: the engine's confidence in the least sure word read for this figure; 0 when none was. */
  confidence: number;
  level: "high" | "low" | "unreadable";
  /** Where on the page image it was read: [left, top, width, height] in that image's pixels. */
  box?: [number, number, number, number];
}

/** A page read by OCR: the image the words were read from, and how the reading went. */
export interface OcrPage {
  /** 1-based page of the document (an image attachment is page 1). */
  page: number;
  /** Resolution the page was read at (the kept `image` is at OCR_IMAGE_DPI, `width` × `height` pixels). */
  dpi: number;
  width: number;
  height: number;
  /** The skew found and turned back before reading, in degrees (positive: clockwise). */
  skewDegrees: number;
  /** 0..1: mean confidence over the words read. */
  meanConfidence: number;
  words: number;
  /** The cleaned, deskewed page as JPEG (greyscale, at most 150 dpi): what a card links. */
  image: Uint8Array;
}

/** The OCR part of a reading: which engine, and the pages it read. */
export interface OcrReading {
  /** e.g. `tesseract 5.3.0 chi_sim`. */
  engine: string;
  pages: OcrPage[];
  /**
   * Scanned pages whose text is not known: left unread (a limit, an error) or read too poorly (mean
   * confidence under OCR_WEAK_PAGE_CONFIDENCE). What the report seems to lack may be on them.
   */
  unreadPages: number[];
}

export interface TableCell {
  text: string;
  /** The cell was read from a page image. */
  ocr?: OcrMark;
  /** Position of the cell's top-left corner; a spanned position points back to it. */
  originRow: number;
  originCol: number;
  /** Page of this cell when a table runs over pages (PDF). */
  page?: number;
}

/** A table as a rectangular grid with rowspan/colspan resolved: every position holds its cell. */
export interface TableGrid {
  rows: TableCell[][];
  /** 1-based page for paged sources (PDF). */
  page?: number;
}

export type Block =
  | {
      kind: "text";
      text: string;
      page?: number;
      /** A line of cells read by OCR: each space-separated cell's mark, in order (null: not OCR'd). */
      marks?: (OcrMark | null)[];
    }
  | { kind: "table"; table: TableGrid; page?: number };

/**
 * Where a report's publish date was read, strongest first: the page's meta tags (`meta-tag`) or its
 * header table / info bar (`metadata`), a 发布日期 line in the text (`body`), a date line at the top
 * (`top-line`), the 成文日期 (`written`), the date under the signature (`signature`, a lower bound).
 */
export type PublishDateSource = "meta-tag" | "metadata" | "body" | "top-line" | "written" | "signature";

/** The site's 信息公开 header (索引号, 发布机构, …): metadata, not report text. */
export interface SiteMetadata {
  indexNo?: string;
  publisher?: string;
  catalogue?: string;
  /** The header table's or the info bar's 发布日期/发布时间 (as written). */
  publishDate?: string;
  /** The page's meta tags' publish date (PubDate, firstpublishedtime, article:published_time, …). */
  metaPublishDate?: string;
  /** 成文日期: when the text was written, not when it was published. */
  writtenDate?: string;
  documentNo?: string;
  title?: string;
  columnName?: string;
}

/** Any input format turned into the same thing: ordered text lines and tables. */
export interface NormalizedDocument {
  sourceKind: SourceKind;
  encoding: string;
  title: string | null;
  site: SiteMetadata;
  blocks: Block[];
  warnings: string[];
  /** Document files the page links (HTML pages): the report may be one of them. */
  attachments?: string[];
}

export interface ExtractedValue {
  /** Canonical key (report-format.md), e.g. `apply.new_received.total`. */
  key: string;
  /** null when the cell is blank or holds a not-applicable mark such as "/". */
  value: number | null;
  raw: string;
  unit?: string;
  approximate?: boolean;
  excerpt: string;
  /** Table values: `三:R5C2` (table, 1-based row and column in the grid). */
  cell?: string;
  page?: number;
  /** The figure was read by OCR from a scanned page (据扫描件识别). */
  ocr?: OcrMark;
}

export interface ExtractedSection {
  key: string;
  title: string;
  text: string;
}

/** One check of a report; its sides (`left`, `right`) are the equation as printed. */
export interface CheckResult extends CheckSides {
  /** A report check id of the vocabulary's `CHECKS` (`T3-A`, …, `NONNEG`, `X-3`). */
  id: string;
  /** The column, row or group the identity was applied to. */
  scope: string;
  severity: CheckSeverity;
  status: CheckStatus;
  message: string;
  /**
   * The check takes figures read by OCR and not every one of them was read with high confidence:
   * a failure is listed for human check (提示), never as the agency's error. Absent otherwise.
   */
  ocrReview?: true;
}

export interface Contact {
  phone?: string;
  fax?: string;
  email?: string;
  address?: string;
  postcode?: string;
}

export interface ReportMetadata {
  title: string | null;
  agency: string | null;
  /** Where the name was read: title, signature, metadata, preamble, contact, body, hint. */
  agencySource: string | null;
  /** 0..1: how sure the name is whole and the author's (agreeing sources raise it). */
  agencyConfidence: number | null;
  year: number | null;
  yearSource: string | null;
  publishDate: string | null;
  publishDateSource: PublishDateSource | null;
  indexNo: string | null;
  documentNo: string | null;
  publisher: string | null;
  catalogue: string | null;
  contact: Contact;
}

/**
 * Whether the report's statistical tables were read: `read` (cells found), `absent` (a legacy report,
 * no tables expected), or `unreadable` — the format is clear but the tables could not be read (cells
 * run together in a text dump, a shape this reader does not know): our limit, never the agency's.
 */
export interface TablesReading {
  state: "read" | "absent" | "unreadable";
  /** Why they could not be read; null unless `unreadable`. */
  reason: string | null;
}

export interface ExtractedReport {
  ok: true;
  extractorVersion: string;
  sourceKind: SourceKind;
  encoding: string;
  format: ReportFormat;
  /** Whether the document reads as an annual report at all. */
  isReport: boolean;
  /** Why it is not a report (a 函, a 工作要点, a comparison of reports…); null when it is one. */
  notReport: string | null;
  /**
   * The page is the landing page of an attachment report (it names the report and links its file,
   * but holds no report text): its title and date belong to the attachment's report. Null otherwise.
   */
  attachmentPage: { attachments: string[] } | null;
  /** What decided `format`: labels, citations, headings found, tables read. */
  formatEvidence: string[];
  tables: TablesReading;
  /** 0..1: how sure we are this is a report and its fields are right. */
  confidence: number;
  metadata: ReportMetadata;
  values: ExtractedValue[];
  sections: ExtractedSection[];
  checks: CheckResult[];
  warnings: string[];
  /** The report text after decoding, simplification and removal of site chrome. */
  text: string;
  /** The document has pages without a usable text layer (an image scan, a photo of the paper copy). */
  scanned: boolean;
  /** The pages read by OCR (null when none was: a text document, or OCR not available here). */
  ocr: OcrReading | null;
}

/**
 * `too_large`: over a limit (input, inflated, pages, elements, nesting, text), not worth retrying with
 * this extractor; `timeout`: over the time budget, worth retrying; `internal`: a bug in extract.
 */
export type ExtractionErrorCode =
  "empty" | "too_large" | "timeout" | "unsupported_format" | "malformed" | "internal";

export interface ExtractionFailure {
  ok: false;
  extractorVersion: string;
  error: { code: ExtractionErrorCode; message: string };
  warnings: string[];
}

export type ExtractResult = ExtractedReport | ExtractionFailure;
