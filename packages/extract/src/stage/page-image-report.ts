import { type DocumentRow, type Store, getAgency, getDocument, pageImagesOf } from "@touming/store";
import { extractScanImages } from "../extract.js";
import { type ParentPageFacts, pageFacts } from "./attachment-parent.js";
import type { Extracted } from "./save-outcome.js";

/**
 * An article whose body is its report's scanned pages, and those pages as the crawler found them
 * (`documents.page`): the report is read from all of them at once, in page order, and saved as the
 * article's.
 */
export interface PageImageReport {
  article: DocumentRow;
  /** The page images fetched so far, in page order. */
  pages: DocumentRow[];
}

/**
 * The page-image report a document belongs to: the article's own (an article with page images), or
 * its article's (a page image). Null for any other document, and for an article none of whose page
 * images has been fetched yet (it is extracted as a page like any other).
 */
export async function pageImageReportOf(store: Store, doc: DocumentRow): Promise<PageImageReport | null> {
  let article: DocumentRow | undefined;
  if (doc.page !== null && doc.parent_id !== null) article = await getDocument(store.db, doc.parent_id);
  else if (doc.kind === "article") article = doc;
  if (!article?.blob_sha256) return null;
  const pages = (await pageImagesOf(store.db, article.id)).filter((p) => p.blob_sha256 !== null);
  return pages.length > 0 ? { article, pages } : null;
}

/** Why a page image is not a report of its own (recorded as the reason it was skipped). */
export const pageImageSkipReason = (page: DocumentRow, article: DocumentRow): string =>
  `page ${page.page} of the report read from the page images of document ${article.id}`;

/**
 * The article's report read by OCR from its page images, in page order, as one document (see
 * `extractScanImages`); and what the article page says of itself (its title and date come first:
 * the card shows the article's title and date, not what OCR read of them).
 */
export async function extractPageImages(
  store: Store,
  { article, pages }: PageImageReport,
): Promise<{ extracted: Extracted; page: ParentPageFacts | null }> {
  const page = await pageFacts(store, article);
  const images: Buffer[] = [];
  for (const p of pages) {
    try {
      images.push(await store.blobs.get(p.blob_sha256!));
    } catch (error) {
      const unreadable = `raw bytes of page ${p.page} (${p.url}) unreadable: ${(error as Error).message}`;
      return { extracted: { unreadable }, page };
    }
  }
  const agency = await getAgency(store.db, article.agency_id);
  const result = await extractScanImages({
    pages: images,
    url: article.url,
    ...(agency ? { agencyHint: agency.name } : {}),
  });
  return { extracted: { result }, page };
}
