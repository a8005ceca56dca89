/**
 * The parts of a report the extractor recognises by their headings (report-format.md). `assessment`
 * (工作考核、社会评议和责任追究结果) is one a 人民政府's own report must also give (2019 条例 第五十条);
 * it is often a paragraph of 其他需要报告的事项 rather than a heading.
 */
export const SECTION_KEYS = [
  "overview",
  "proactive",
  "applications",
  "review_litigation",
  "fees",
  "consultations",
  "problems",
  "improvements",
  "assessment",
  "other",
] as const;
export type SectionKey = (typeof SECTION_KEYS)[number];

/** Each section's name as an official Chinese text says it. */
export const SECTION_NAMES: Readonly<Record<SectionKey, string>> = {
  overview: "总体情况",
  proactive: "主动公开",
  applications: "依申请公开",
  review_litigation: "行政复议和诉讼",
  fees: "收费及减免",
  consultations: "咨询处理",
  problems: "问题及改进",
  improvements: "改进措施",
  assessment: "工作考核、社会评议和责任追究结果",
  other: "其他需要报告的事项",
};

export const isSectionKey = (value: unknown): value is SectionKey =>
  (SECTION_KEYS as readonly unknown[]).includes(value);

/** A section's Chinese name; the key itself when it is not one of ours. */
export const sectionName = (key: string): string => (isSectionKey(key) ? SECTION_NAMES[key] : key);
