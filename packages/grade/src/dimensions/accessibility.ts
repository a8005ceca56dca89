import type { z } from "zod";
import { defineDimension, near, problemsOf } from "../dimension.js";
import { dimensionConfig, points } from "../rubric/config-fields.js";
import { builtIn, named } from "./built-in.js";

const configSchema = dimensionConfig("accessibility", {
  max: points,
  machineReadable: points,
  ownSite: points,
});
export type AccessibilityConfig = z.infer<typeof configSchema>;

/** How a source kind is named in the reason. */
const formatName = (kind: string | null): string =>
  kind === "pdf" ? "PDF" : kind === "docx" || kind === "doc" ? "Word文档" : "网页";

/** 可获取性: machine-readable text (a scan loses most of it), published on the agency's own site. */
export const accessibility = defineDimension({
  ...builtIn("accessibility", "accessibility", configSchema),
  consistency: (a) =>
    problemsOf([
      [near(a.machineReadable + a.ownSite, a.max), "", `expected machineReadable + ownSite = max (${a.max})`],
    ]),
  grade(input, a) {
    const r = input.report;
    const readable = !r.scanned;
    const hosts = new Set(
      [input.agency.siteUrl, ...input.agency.listUrls].filter(Boolean).map((u) => new URL(u!).host),
    );
    const own = r.sourceUrl ? hosts.has(new URL(r.sourceUrl).host) : false;
    const points =
      (readable ? a.machineReadable : a.machineReadable - 3 > 0 ? a.machineReadable - 3 : 0) +
      (own ? a.ownSite : 0);
    return {
      ...named("accessibility", a.max),
      points,
      reason: `${readable ? `可机读（${formatName(r.sourceKind)}）` : r.ocrRead ? "扫描件，无文字层（文字和数字据扫描件识别）" : "扫描件，无文字层"}；${own ? "发布在本机关网站" : "未在本机关网站找到"}`,
      evidence: { sourceUrl: r.sourceUrl, sourceKind: r.sourceKind, scanned: r.scanned, ownSite: own },
    };
  },
});
