import type { ExtractResult } from "./types.js";

interface ContractValue {
  value: number | null;
  approximate?: boolean;
  unit?: string;
  raw?: string;
  excerpt: string;
  cell?: string;
  page?: number;
  /** Read by OCR from a scanned page: confidence 0..1, level high/low/unreadable, box on the page image. */
  ocr?: { confidence: number; level: string; box?: [number, number, number, number] };
}

/**
 * The public JSON shape of `touming extract --json`, read by tools outside the project:
 * keep field names and meanings stable.
 */
export interface ExtractionContract {
  extractorVersion: string;
  ok: boolean;
  error?: { code: string; message: string };
  format?: string;
  isReport?: boolean;
  /** Why the document is not a report (a 函, a 工作要点, a comparison…); null for a report. */
  notReport?: string | null;
  /** The page only links the report's file (its attachments): its title and date are the report's. */
  attachmentPage?: { attachments: string[] } | null;
  /** What decided `format`: the labels, citations and headings found, the tables read. */
  formatEvidence?: string[];
  /** Whether the statistical tables were read: `read`, `absent` (legacy) or `unreadable` with the reason. */
  tables?: { state: string; reason: string | null };
  confidence?: number;
  sourceKind?: string;
  encoding?: string;
  /** Pages without a usable text layer (a scan); absent for a text document. */
  scanned?: true;
  /** The pages read by OCR (no images here), and the scanned pages whose text is not known. */
  ocr?: {
    engine: string;
    pages: { page: number; dpi: number; skewDegrees: number; meanConfidence: number; words: number }[];
    unreadPages: number[];
  } | null;
  metadata?: {
    agency: string | null;
    agencySource: string | null;
    agencyConfidence: number | null;
    year: number | null;
    publishDate: string | null;
    publishDateSource: string | null;
    indexNo: string | null;
    documentNo: string | null;
    publisher: string | null;
    catalogue: string | null;
    title: string | null;
    contact: Record<string, string>;
  };
  /** Every value found, by canonical key; blank cells are listed in `blank` instead. */
  values?: Record<string, ContractValue>;
  /** Keys of table cells printed blank (not 0). */
  blank?: string[];
  sections?: { key: string; title: string; chars: number }[];
  checks?: {
    id: string;
    scope: string;
    severity: string;
    status: string;
    left: string;
    right: string;
    message: string;
    /** Over OCR figures not all read with high confidence: a failure is for human check (提示). */
    ocrReview?: true;
  }[];
  warnings: string[];
}

export function toContractJson(result: ExtractResult): ExtractionContract {
  if (!result.ok) {
    return {
      extractorVersion: result.extractorVersion,
      ok: false,
      error: result.error,
      warnings: result.warnings,
    };
  }
  const values: Record<string, ContractValue> = {};
  const blank: string[] = [];
  for (const v of result.values) {
    // A cell OCR could not read is not a blank the agency printed: listed with its mark.
    if (v.value === null && v.raw === "" && !v.ocr) {
      blank.push(v.key);
      continue;
    }
    const out: ContractValue = { value: v.value, excerpt: v.excerpt };
    if (v.approximate) out.approximate = true;
    if (v.unit) out.unit = v.unit;
    if (v.value === null) out.raw = v.raw;
    if (v.cell) out.cell = v.cell;
    if (v.page !== undefined) out.page = v.page;
    if (v.ocr) out.ocr = v.ocr;
    values[v.key] = out;
  }
  const m = result.metadata;
  return {
    extractorVersion: result.extractorVersion,
    ok: true,
    format: result.format,
    isReport: result.isReport,
    notReport: result.notReport,
    attachmentPage: result.attachmentPage,
    formatEvidence: result.formatEvidence,
    tables: result.tables,
    confidence: result.confidence,
    sourceKind: result.sourceKind,
    encoding: result.encoding,
    // Only for a scan: the JSON of a text document stays as it was.
    ...(result.scanned
      ? {
          scanned: true,
          ocr: result.ocr && {
            engine: result.ocr.engine,
            pages: result.ocr.pages.map(({ page, dpi, skewDegrees, meanConfidence, words }) => ({
              page,
              dpi,
              skewDegrees,
              meanConfidence,
              words,
            })),
            unreadPages: result.ocr.unreadPages,
          },
        }
      : {}),
    metadata: {
      agency: m.agency,
      agencySource: m.agencySource,
      agencyConfidence: m.agencyConfidence,
      year: m.year,
      publishDate: m.publishDate,
      publishDateSource: m.publishDateSource,
      indexNo: m.indexNo,
      documentNo: m.documentNo,
      publisher: m.publisher,
      catalogue: m.catalogue,
      title: m.title,
      contact: { ...m.contact },
    },
    values,
    blank,
    sections: result.sections.map((s) => ({ key: s.key, title: s.title, chars: s.text.length })),
    checks: result.checks.map(({ id, scope, severity, status, left, right, message, ocrReview }) => ({
      id,
      scope,
      severity,
      status,
      left,
      right,
      message,
      ...(ocrReview ? { ocrReview } : {}),
    })),
    warnings: result.warnings,
  };
}
