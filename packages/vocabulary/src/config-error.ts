/** One problem in a configuration file: which file, which field, what was expected there. */
export interface ConfigIssue {
  file: string;
  /** `agencies[3].listUrls[0]`; empty for the whole file. */
  field: string;
  expected: string;
}

/** `registry.yaml: agencies[3].listUrls[0]: expected a URL`. */
export function formatConfigIssue(issue: ConfigIssue): string {
  return [issue.file, issue.field, issue.expected].filter(Boolean).join(": ");
}

/**
 * A configuration file (registry, rubric) was rejected; nothing from it was used. `issues` lists
 * every problem found; the message names the first and counts the rest.
 */
export class ConfigError extends Error {
  override name = "ConfigError";
  constructor(
    readonly issues: readonly ConfigIssue[],
    options?: ErrorOptions,
  ) {
    const first = issues[0];
    const more =
      issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? "s" : ""})` : "";
    super((first ? formatConfigIssue(first) : "invalid configuration") + more, options);
  }
}
