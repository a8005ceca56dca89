import type { BlobStore, StoredOcrReading } from "@touming/store";
import type { OcrReading } from "../types.js";

/**
 * Puts each page image OCR read into the blob store (content-addressed: a page seen before is not
 * written again) and gives the reading as the report's metadata keeps it: no bytes, each page's
 * image named by its sha256. Null when nothing was read by OCR.
 */
export async function storeOcrPages(
  blobs: Pick<BlobStore, "put">,
  reading: OcrReading | null,
): Promise<StoredOcrReading | null> {
  if (!reading) return null;
  const pages: StoredOcrReading["pages"] = [];
  for (const { image, ...page } of reading.pages) {
    const { sha256 } = await blobs.put(image);
    pages.push({ ...page, imageSha256: sha256 });
  }
  return { engine: reading.engine, pages, unreadPages: reading.unreadPages };
}
