import { readFile, stat } from "node:fs/promises";
import type { Agency } from "@touming/store";
import { LineCounter, type YAMLError, parseDocument } from "yaml";
import { z } from "zod";
import { ConfigError, type ConfigIssue } from "./errors.js";

/** Registries of 100,000 agencies are about 30 MB; a larger file is refused before it is read. */
export const MAX_REGISTRY_BYTES = 32 * 1024 * 1024;

const SLUG = "expected a lower-case slug (letters, digits, hyphens), e.g. huaian-city";
const slug = z.string({ error: SLUG }).regex(/^(?=.{1,100}$)[a-z0-9]+(?:-[a-z0-9]+)*$/, SLUG);

/**
 * Ids an agency may not have: the publish stage writes the group of departments without a
 * jurisdiction under `unassigned`, where an agency of that id would collide with it.
 */
export const RESERVED_AGENCY_IDS: readonly string[] = ["unassigned"];

const agencyId = slug.refine((id) => !RESERVED_AGENCY_IDS.includes(id), {
  error: (issue) =>
    `expected an id other than the reserved "${String(issue.input)}" (the published group of agencies without a jurisdiction)`,
});

const httpUrl = z.string({ error: "expected an http(s) URL" }).superRefine((value, ctx) => {
  const url = URL.parse(value);
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:") || url.hostname === "") {
    ctx.addIssue({ code: "custom", message: "expected an http(s) URL" });
  } else if (url.username !== "" || url.password !== "") {
    // It would be sent to every page of the site, and printed on the report cards.
    ctx.addIssue({ code: "custom", message: "expected an http(s) URL without a user name or password" });
  }
});

const EMAIL = "expected an e-mail address such as gkb@qinghe.example.gov.cn";
/**
 * An address messages go to: one `local@domain` without spaces, quotes, angle brackets or commas
 * (each would let one field name several recipients or forge a header), at most 254 characters.
 */
const emailAddress = z
  .string({ error: EMAIL })
  .trim()
  .max(254, EMAIL)
  .regex(
    /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/,
    EMAIL,
  );

/** Who receives the results by e-mail; listed once each. */
const recipients = z
  .array(emailAddress, { error: "expected a list of e-mail addresses such as [gkb@qinghe.example.gov.cn]" })
  .max(50, "expected at most 50 e-mail addresses")
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((address, i) => {
      const key = address.toLowerCase();
      if (seen.has(key))
        ctx.addIssue({
          code: "custom",
          message: `expected each address once ("${address}" is listed twice)`,
          path: [i],
        });
      seen.add(key);
    });
  });

const budgetValue = (what: string, max: number) =>
  z
    .number({ error: `expected a whole number of ${what} from 1 to ${max}` })
    .int()
    .min(1)
    .max(max)
    .optional();

/** What one agency may use per crawl (see CrawlBudgets); the crawl's defaults where absent. */
const crawlBudgets = z.strictObject(
  {
    requests: budgetValue("requests", 1_000_000),
    reportLinksPerList: budgetValue("links", 100_000),
    attachmentsPerArticle: budgetValue("attachments", 10_000),
    bytes: budgetValue("bytes", 1024 ** 4),
    extraHosts: budgetValue("hosts", 1000),
    agencyTimeMs: budgetValue("milliseconds", 24 * 3_600_000),
  },
  { error: "expected a mapping of budgets" },
);

const crawlOptions = z.strictObject(
  {
    /** Per-agency budgets per crawl. */
    budgets: crawlBudgets.optional(),
    /** Pause between two requests to one host. Default 1000 ms; 0 is for loopback test sites. */
    minHostDelayMs: z
      .number({ error: "expected a whole number of milliseconds from 0 to 600000" })
      .int()
      .min(0)
      .max(600_000)
      .optional(),
    /** Parallel requests to one host. Default 1. */
    hostConcurrency: z
      .number({ error: "expected a whole number from 1 to 8" })
      .int()
      .min(1)
      .max(8)
      .optional(),
    /** Follow links to loopback/private/link-local addresses. Only for local test and demo sites. */
    allowPrivateAddresses: z.boolean({ error: "expected true or false" }).optional(),
    /** Accept TLS certificates that do not verify (the failure is still recorded as a finding). */
    allowInvalidCertificates: z.boolean({ error: "expected true or false" }).optional(),
  },
  { error: "expected a mapping of crawl options" },
);

const MONTH_DAY = "expected a date MM-DD of the year after the report year, e.g. 01-28";
// February 29 is left out: the deadline must exist in every year.
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const monthDay = z.string({ error: MONTH_DAY }).superRefine((value, ctx) => {
  const match = /^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.exec(value);
  if (!match) ctx.addIssue({ code: "custom", message: MONTH_DAY });
  else if (Number(match[2]) > DAYS_IN_MONTH[Number(match[1]) - 1]!) {
    ctx.addIssue({
      code: "custom",
      message: `expected a date MM-DD that every year has, e.g. 01-28 (${value} is not one)`,
    });
  }
});

/** Report years the registry may name: the Regulations took effect in 2008; 2100 catches typos. */
const FIRST_REPORT_YEAR = 2008;
const LAST_REPORT_YEAR = 2100;
const REPORT_YEAR = `expected a report year from ${FIRST_REPORT_YEAR} to ${LAST_REPORT_YEAR}, e.g. 2019`;
const reportYear = z
  .number({ error: REPORT_YEAR })
  .int(REPORT_YEAR)
  .min(FIRST_REPORT_YEAR, REPORT_YEAR)
  .max(LAST_REPORT_YEAR, REPORT_YEAR);

const regionCode = z
  .union([z.string(), z.number()], { error: 'expected a 6-, 9- or 12-digit region code, e.g. "320800"' })
  .transform((value) => String(value))
  .pipe(z.string().regex(/^\d{6}(\d{3}){0,2}$/, 'expected a 6-, 9- or 12-digit region code, e.g. "320800"'));

const agencySchema = z
  .strictObject(
    {
      id: agencyId,
      name: z.string({ error: "expected the agency's name" }).trim().min(1, "expected the agency's name"),
      regionCode,
      level: z.enum(["province", "city", "county", "district", "department"], {
        error: "expected one of province, city, county, district, department",
      }),
      parent: slug.optional(),
      siteUrl: httpUrl.optional(),
      listUrls: z.array(httpUrl, { error: "expected a list of http(s) URLs" }).optional(),
      deadline: monthDay.optional(),
      /** The first report year monitored (graded); earlier years get no card (未纳入监测). */
      monitorFrom: reportYear.optional(),
      /** The last report year monitored; later years get no card. */
      monitorUntil: reportYear.optional(),
      crawl: crawlOptions.optional(),
      /** E-mail addresses: a government's receive its jurisdiction's results, a department's its own. */
      recipients: recipients.optional(),
    },
    { error: "expected a mapping with id, name, regionCode, level and siteUrl or listUrls" },
  )
  .refine((a) => a.siteUrl !== undefined || (a.listUrls?.length ?? 0) > 0, {
    error: "expected siteUrl or at least one listUrls entry (where the crawler starts)",
    path: ["listUrls"],
  })
  .superRefine((a, ctx) => {
    if (a.monitorFrom !== undefined && a.monitorUntil !== undefined && a.monitorUntil < a.monitorFrom) {
      ctx.addIssue({
        code: "custom",
        message: `expected a report year from monitorFrom (${a.monitorFrom}) to ${LAST_REPORT_YEAR}`,
        path: ["monitorUntil"],
      });
    }
  });

const registrySchema = z.strictObject(
  {
    // Optional, 1 when absent: registries written before the field existed stay valid. Any other
    // value is refused, so that a file of a future format is never half-read by this one.
    version: z.literal(1, { error: "expected 1 (the only registry format so far)" }).optional(),
    defaults: z.strictObject({ crawl: crawlOptions.optional() }, { error: "expected a mapping" }).optional(),
    agencies: z
      .array(agencySchema, { error: "expected a list of agencies" })
      .min(1, "expected at least one agency"),
  },
  { error: "expected a mapping with an agencies list" },
);

export interface Registry {
  file: string;
  agencies: Agency[];
}

/** `agencies[3].listUrls[0]` from zod's path. */
function fieldPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, i) => (typeof part === "number" ? `[${part}]` : `${i === 0 ? "" : "."}${String(part)}`))
    .join("");
}

const UNKNOWN_FIELD = "unknown field (check its spelling)";

function zodIssues(file: string, error: z.ZodError): ConfigIssue[] {
  const issues = error.issues.flatMap((issue) => {
    if (issue.code === "unrecognized_keys") {
      const base = fieldPath(issue.path);
      return issue.keys.map((key) => ({
        file,
        field: base ? `${base}.${key}` : key,
        expected: UNKNOWN_FIELD,
      }));
    }
    return [{ file, field: fieldPath(issue.path), expected: issue.message }];
  });
  // A misspelt field (listUrl) is also a missing one (listUrls): name the misspelling first.
  return issues.sort((a, b) => Number(b.expected === UNKNOWN_FIELD) - Number(a.expected === UNKNOWN_FIELD));
}

/** The `parent` chain from an agency that comes back to it, e.g. `a → b → a`; null when none does. */
function parentCycle(id: string, parentOf: ReadonlyMap<string, string | null>): string[] | null {
  const chain = [id];
  for (let at = parentOf.get(id); at; at = parentOf.get(at)) {
    chain.push(at);
    if (at === id) return chain;
    // A cycle further up that does not pass through `id` is reported from its own members.
    if (chain.indexOf(at) < chain.length - 1) return null;
  }
  return null;
}

/** The YAML parser's message, in words for someone editing the file. */
function yamlProblem(error: YAMLError): string {
  if (error.code === "MULTIPLE_DOCS") return "expected one YAML document (a `---` line starts a second)";
  if (error.code === "TAB_AS_INDENT") return "not valid YAML: indent with spaces, not tabs";
  if (error.code === "DUPLICATE_KEY") return "not valid YAML: a key appears twice in one mapping";
  return `not valid YAML: ${error.message.split("\n")[0]}`;
}

/**
 * Parses and validates a registry (YAML or JSON text). Throws ConfigError naming the file, the field
 * and what was expected. `known` are agencies already in the store, which `parent` may point at:
 * their ids, or their ids and parents (so that a cycle through them is found too).
 *
 * @example
 *   const { agencies } = parseRegistry(text, "agencies.yaml");
 */
export function parseRegistry(
  text: string,
  file: string,
  known: ReadonlySet<string> | ReadonlyMap<string, string | null> = new Set(),
): Registry {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, lineCounter });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      doc.errors.map((e) => ({
        file,
        field: ((at) => `line ${at.line}, column ${at.col}`)(lineCounter.linePos(e.pos[0])),
        expected: yamlProblem(e),
      })),
    );
  }
  let data: unknown;
  try {
    data = doc.toJS();
  } catch (error) {
    // Aliases that expand exponentially ("billion laughs") end here, as does any other bad node.
    throw new ConfigError([{ file, field: "", expected: `not usable YAML: ${(error as Error).message}` }], {
      cause: error,
    });
  }
  if (data === null || data === undefined) {
    throw new ConfigError([
      { file, field: "", expected: "the file is empty: expected a mapping with an agencies list" },
    ]);
  }
  const parsed = registrySchema.safeParse(data);
  if (!parsed.success) throw new ConfigError(zodIssues(file, parsed.error));

  const issues: ConfigIssue[] = [];
  const firstIndex = new Map<string, number>();
  parsed.data.agencies.forEach((agency, i) => {
    const seen = firstIndex.get(agency.id);
    if (seen !== undefined) {
      issues.push({
        file,
        field: `agencies[${i}].id`,
        expected: `a unique id ("${agency.id}" is also agencies[${seen}])`,
      });
    } else {
      firstIndex.set(agency.id, i);
    }
  });
  // The tree as it will be stored: what is known, with this file's agencies replacing theirs.
  const parentOf = new Map<string, string | null>();
  for (const id of known.keys()) parentOf.set(id, known instanceof Map ? (known.get(id) ?? null) : null);
  for (const agency of parsed.data.agencies) parentOf.set(agency.id, agency.parent ?? null);
  parsed.data.agencies.forEach((agency, i) => {
    if (agency.parent === undefined) return;
    const cycle = parentCycle(agency.id, parentOf);
    if (agency.parent === agency.id) {
      issues.push({ file, field: `agencies[${i}].parent`, expected: "another agency's id (not its own)" });
    } else if (!firstIndex.has(agency.parent) && !known.has(agency.parent)) {
      issues.push({
        file,
        field: `agencies[${i}].parent`,
        expected: `the id of an agency in this file or already imported ("${agency.parent}" is neither)`,
      });
    } else if (cycle) {
      issues.push({
        file,
        field: `agencies[${i}].parent`,
        expected: `an agency that is not below this one (${cycle.join(" → ")} is a cycle)`,
      });
    }
  });
  if (issues.length > 0) throw new ConfigError(issues);

  const defaults = parsed.data.defaults?.crawl ?? {};
  return {
    file,
    agencies: parsed.data.agencies.map((a) => ({
      id: a.id,
      name: a.name,
      regionCode: a.regionCode,
      level: a.level,
      parentId: a.parent ?? null,
      siteUrl: a.siteUrl ?? null,
      listUrls: a.listUrls ?? [],
      deadlineOverride: a.deadline ?? null,
      monitorFrom: a.monitorFrom ?? null,
      monitorUntil: a.monitorUntil ?? null,
      ...(a.recipients?.length ? { recipients: a.recipients } : {}),
      crawlOptions: {
        ...defaults,
        ...a.crawl,
        // An agency's budgets add to the defaults' rather than replacing them all.
        ...(defaults.budgets || a.crawl?.budgets
          ? { budgets: { ...defaults.budgets, ...a.crawl?.budgets } }
          : {}),
      },
    })),
  };
}

/**
 * Reads and validates a registry file (UTF-8, with or without a byte-order mark); an unreadable or
 * oversized file is a ConfigError too. `known` as for parseRegistry.
 */
export async function readRegistryFile(
  file: string,
  known?: ReadonlySet<string> | ReadonlyMap<string, string | null>,
): Promise<Registry> {
  let text: string;
  try {
    const { size } = await stat(file);
    if (size > MAX_REGISTRY_BYTES) {
      throw new ConfigError([
        {
          file,
          field: "",
          expected: `a registry of at most ${MAX_REGISTRY_BYTES} bytes (this file has ${size})`,
        },
      ]);
    }
    text = await readFile(file, "utf8");
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const reason =
      (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message;
    throw new ConfigError([{ file, field: "", expected: `cannot read the registry: ${reason}` }], {
      cause: error,
    });
  }
  return parseRegistry(text, file, known);
}
