import { type DocumentRow, type Store, getDocument } from "@touming/store";
import { extract } from "../extract-markup.js";

/** Extract's publish-date sources that are a page's own statement of when it was published. */
const PAGE_DATE_SOURCES = new Set(["meta-tag", "metadata", "body", "top-line"]);

/** What the article page an attachment was found on says of it: its title and publish date. */
export interface ParentPageFacts {
  title: string | null;
  /** The page's own publish date (meta tags, info bar, 发布日期 line); null when it gives none. */
  publishDate: string | null;
  /** Where the page states publishDate (`meta-tag`, `metadata`, `body`, `top-line`); null without one. */
  publishDateSource: string | null;
}

/**
 * The title and publish date an article page states of itself (标题, 发布时间 in its info bar), read
 * from its stored bytes. Null when its bytes cannot be read.
 */
export async function pageFacts(store: Store, page: DocumentRow): Promise<ParentPageFacts | null> {
  if (!page.blob_sha256) return null;
  let bytes: Buffer;
  try {
    bytes = await store.blobs.get(page.blob_sha256);
  } catch {
    return null;
  }
  const result = extract({
    bytes,
    url: page.url,
    ...(page.content_type ? { contentType: page.content_type } : {}),
  });
  if (!result.ok) return null;
  const m = result.metadata;
  const own = m.publishDate !== null && PAGE_DATE_SOURCES.has(m.publishDateSource ?? "");
  return {
    title: m.title ?? page.title,
    publishDate: own ? m.publishDate : null,
    publishDateSource: own ? m.publishDateSource : null,
  };
}

/**
 * The title and publish date of the page an attachment report was linked from (the landing page:
 * 标题, 发布时间 in its info bar), read again from its stored bytes, so the attachment's report gets
 * them whichever of the two was extracted first. Null for a document without a readable parent.
 */
export async function attachmentParentFacts(store: Store, doc: DocumentRow): Promise<ParentPageFacts | null> {
  if (doc.parent_id === null) return null;
  const parent = await getDocument(store.db, doc.parent_id);
  return parent ? pageFacts(store, parent) : null;
}
