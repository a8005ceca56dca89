import { type DocumentRow, type Store, getDocument } from "@touming/store";
import { extract } from "../extract.js";

/** Extract's publish-date sources that are a page's own statement of when it was published. */
const PAGE_DATE_SOURCES = new Set(["meta-tag", "metadata", "body", "top-line"]);

/** What the article page an attachment was found on says of it: its title and publish date. */
export interface ParentPageFacts {
  title: string | null;
  /** The page's own publish date (meta tags, info bar, 发布日期 line); null when it gives none. */
  publishDate: string | null;
}

/**
 * The title and publish date of the page an attachment report was linked from (the landing page:
 * 标题, 发布时间 in its info bar), read again from its stored bytes, so the attachment's report gets
 * them whichever of the two was extracted first. Null for a document without a readable parent.
 */
export async function attachmentParentFacts(store: Store, doc: DocumentRow): Promise<ParentPageFacts | null> {
  if (doc.parent_id === null) return null;
  const parent = await getDocument(store.db, doc.parent_id);
  if (!parent?.blob_sha256) return null;
  let bytes: Buffer;
  try {
    bytes = await store.blobs.get(parent.blob_sha256);
  } catch {
    return null;
  }
  const result = extract({
    bytes,
    url: parent.url,
    ...(parent.content_type ? { contentType: parent.content_type } : {}),
  });
  if (!result.ok) return null;
  const m = result.metadata;
  return {
    title: m.title ?? parent.title,
    publishDate: m.publishDate && PAGE_DATE_SOURCES.has(m.publishDateSource ?? "") ? m.publishDate : null,
  };
}
