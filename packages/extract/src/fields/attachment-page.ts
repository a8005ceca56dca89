import { LANDING_PAGE_CHARS } from "@touming/vocabulary";
import type { NormalizedDocument } from "../types.js";

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
