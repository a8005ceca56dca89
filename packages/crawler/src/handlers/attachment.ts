import { recordDocumentFetchFailure } from "@touming/store";
import { documentHandler } from "./document-handler.js";

const HTML_START = /^\s*(<!doctype|<html|<head|<body|<div|<p[\s>])/i;

/** How image files begin (as latin1 text): JPEG, PNG, GIF, BMP, TIFF (both byte orders). WebP is RIFF…WEBP. */
const IMAGE_MAGIC = ["\xff\xd8\xff", "\x89PNG", "GIF8", "BM", "II*\0", "MM\0*"];
const isImage = (head: string) =>
  IMAGE_MAGIC.some((m) => head.startsWith(m)) || (head.startsWith("RIFF") && head.slice(8, 12) === "WEBP");

/**
 * An attachment (PDF, DOC…, or a page image of a scanned report): stored as a document under its
 * article. A link that answers an HTML page, a PDF link that answers no PDF, or a page image that
 * answers no image, is a dead link: a failure and a `dead_attachment` finding.
 */
export const attachmentHandler = documentHandler({
  kind: "attachment",
  limits: (crawl) => crawl.options.attachmentLimits,
  async refuse(item, response, crawl, documentId) {
    const head = response.body.subarray(0, 1024).toString("latin1");
    const pageImage = item.meta.pageImage === true;
    const pdfLike = !pageImage && (/\.pdf(?:$|[?#])/i.test(item.url) || /\.pdf/i.test(item.meta.title ?? ""));
    const looksHtml = HTML_START.test(head);
    const notImage = pageImage && !isImage(head);
    if (!looksHtml && !notImage && !(pdfLike && !head.includes("%PDF-"))) return null;
    const what = looksHtml ? "an HTML page" : notImage ? "no image" : "no PDF";
    const reason = `${item.url}: the attachment link returns ${what} (dead link)`;
    await recordDocumentFetchFailure(crawl.db, await documentId(), reason, crawl.clock);
    await crawl.finding(item.agency, item.url, "dead_attachment", reason);
    return { outcome: "failed", reason, discovered: [] };
  },
});
