import { recordDocumentFetchFailure } from "@touming/store";
import { documentHandler } from "./document-handler.js";

const HTML_START = /^\s*(<!doctype|<html|<head|<body|<div|<p[\s>])/i;

/**
 * An attachment (PDF, DOC…): stored as a document under its article. A link that answers an HTML
 * page, or a PDF link that answers no PDF, is a dead link: a failure and a `dead_attachment` finding.
 */
export const attachmentHandler = documentHandler({
  kind: "attachment",
  limits: (crawl) => crawl.options.attachmentLimits,
  async refuse(item, response, crawl, documentId) {
    const head = response.body.subarray(0, 1024).toString("latin1");
    const pdfLike = /\.pdf(?:$|[?#])/i.test(item.url) || /\.pdf/i.test(item.meta.title ?? "");
    const looksHtml = HTML_START.test(head);
    if (!looksHtml && !(pdfLike && !head.includes("%PDF-"))) return null;
    const reason = `${item.url}: the attachment link returns ${looksHtml ? "an HTML page" : "no PDF"} (dead link)`;
    await recordDocumentFetchFailure(crawl.db, await documentId(), reason, crawl.clock);
    await crawl.finding(item.agency, item.url, "dead_attachment", reason);
    return { outcome: "failed", reason, discovered: [] };
  },
  discover: async () => [],
});
