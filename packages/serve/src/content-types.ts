/**
 * What a file is served as, by its name: its Content-Type, whether it is worth compressing, and how
 * long a browser may keep it without asking again.
 */
export interface FileKind {
  type: string;
  compressible: boolean;
  cacheControl: string;
}

/** Pages and data change with every publish: a browser asks again each time (a 304 when unchanged). */
const REVALIDATE = "no-cache";
/** Scripts, styles and PDFs change rarely and keep their names: an hour without asking. */
const HOUR = "public, max-age=3600";

const KINDS: Readonly<Record<string, FileKind>> = {
  ".html": { type: "text/html; charset=utf-8", compressible: true, cacheControl: REVALIDATE },
  ".css": { type: "text/css; charset=utf-8", compressible: true, cacheControl: HOUR },
  ".js": { type: "text/javascript; charset=utf-8", compressible: true, cacheControl: HOUR },
  ".json": { type: "application/json; charset=utf-8", compressible: true, cacheControl: REVALIDATE },
  ".xml": { type: "application/atom+xml; charset=utf-8", compressible: true, cacheControl: REVALIDATE },
  ".atom": { type: "application/atom+xml; charset=utf-8", compressible: true, cacheControl: REVALIDATE },
  ".csv": { type: "text/csv; charset=utf-8", compressible: true, cacheControl: REVALIDATE },
  ".txt": { type: "text/plain; charset=utf-8", compressible: true, cacheControl: REVALIDATE },
  ".svg": { type: "image/svg+xml", compressible: true, cacheControl: HOUR },
  ".pdf": { type: "application/pdf", compressible: false, cacheControl: HOUR },
  // The open data (`data/2024/values.csv.gz`): compressed already, downloaded as it is, never
  // sent with a Content-Encoding (a browser would unpack it and save text under a .gz name).
  ".gz": { type: "application/gzip", compressible: false, cacheControl: REVALIDATE },
  ".png": { type: "image/png", compressible: false, cacheControl: HOUR },
  ".ico": { type: "image/x-icon", compressible: false, cacheControl: HOUR },
};

const UNKNOWN: FileKind = { type: "application/octet-stream", compressible: false, cacheControl: REVALIDATE };

/** The kind of a file by its last extension (lower case); anything unknown is opaque bytes. */
export function fileKind(name: string): FileKind {
  const dot = name.lastIndexOf(".");
  return (dot < 0 ? undefined : KINDS[name.slice(dot).toLowerCase()]) ?? UNKNOWN;
}
