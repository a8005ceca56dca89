/** One agency as a registry lists it. */
export interface RegistryEntry {
  id: string;
  name: string;
  regionCode: string;
  level: string;
  parent?: string | null;
  siteUrl?: string;
  listUrls?: readonly string[];
  deadline?: string;
  /** E-mail addresses the results go to (a government's: its jurisdiction's). */
  recipients?: readonly string[];
}

/**
 * The sample governments' 政务公开办 mailboxes (example addresses, never a real domain): the demo
 * delivers each jurisdiction's results to them through its loopback SMTP sink.
 */
export const SAMPLE_RECIPIENTS: Readonly<Record<string, readonly string[]>> = {
  "linjiang-city": ["zwgk@linjiang.example.gov.cn"],
  "qinghe-county": ["gkb@qinghe.example.gov.cn"],
  "huaian-city": ["zwgkb@huaian.example.gov.cn"],
};

/**
 * A registry (YAML) for sites on loopback: private addresses allowed, no politeness delay.
 *
 * ```ts
 * registryYaml({ comment: "Sample sites.", agencies: [{ id: "a", name: "甲局", regionCode: "320800", level: "department" }] });
 * ```
 */
export function registryYaml(options: {
  comment: string;
  /** Requests in flight per host; the crawler's default when absent. */
  hostConcurrency?: number;
  agencies: Iterable<RegistryEntry>;
}): string {
  const concurrency = options.hostConcurrency ? `, hostConcurrency: ${options.hostConcurrency}` : "";
  const lines = [
    `# ${options.comment}`,
    "version: 1",
    "defaults:",
    `  crawl: { minHostDelayMs: 0${concurrency}, allowPrivateAddresses: true }`,
    "agencies:",
  ];
  for (const a of options.agencies) {
    lines.push(
      `  - id: ${a.id}`,
      `    name: ${a.name}`,
      `    regionCode: "${a.regionCode}"`,
      `    level: ${a.level}`,
    );
    if (a.parent) lines.push(`    parent: ${a.parent}`);
    if (a.siteUrl) lines.push(`    siteUrl: ${a.siteUrl}`);
    if (a.listUrls?.length) lines.push(`    listUrls: [${a.listUrls.join(", ")}]`);
    if (a.deadline) lines.push(`    deadline: "${a.deadline}"`);
    if (a.recipients?.length) lines.push(`    recipients: [${a.recipients.join(", ")}]`);
  }
  return `${lines.join("\n")}\n`;
}
