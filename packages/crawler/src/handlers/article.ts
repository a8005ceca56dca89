import { redirectShellTarget } from "../anti-bot.js";
import { findAttachments } from "../page-links.js";
import { decodePage } from "../page-text.js";
import { documentHandler } from "./document-handler.js";
import { followRedirectShell } from "./redirect-shell.js";

/**
 * An article page (an HTML report, or the page an attachment hangs on): stored as a document; a
 * JavaScript redirect shell is followed instead; its attachments are queued under it.
 */
export const articleHandler = documentHandler({
  kind: "article",
  limits: (crawl) => crawl.options.pageLimits,
  async refuse(item, response, crawl) {
    const shell = redirectShellTarget(decodePage(response.body, response.contentType), response.finalUrl);
    return shell ? followRedirectShell(item, crawl, shell, { kind: "article", meta: item.meta }) : null;
  },
  discover: (item, document) =>
    findAttachments(decodePage(document.body, document.contentType), document.url).map((attachment) => ({
      url: attachment.url,
      kind: "attachment",
      depth: item.depth + 1,
      parentDocumentId: document.id,
      meta: {
        title: attachment.title || item.meta.title,
        listedDate: item.meta.listedDate ?? null,
        year: item.meta.year ?? null,
      },
    })),
});
