import type { NormalizedDocument } from "../types.js";

/** A page this short holds no report of its own, only the link to one. */
const LANDING_PAGE_CHARS = 1500;

/**
 * The landing page of an attachment report: an article page whose title names a report, whose own
 * text is too short to be one, and which links document files. Null for any other page.
 */
export function landingPageOf(doc: NormalizedDocument, title: string | null, text: string) {
  const attachments = doc.attachments ?? [];
  if (attachments.length === 0 || text.length > LANDING_PAGE_CHARS) return null;
  if (!/(年度报告|年报)/.test(title ?? "")) return null;
  return { attachments };
}
