import { readFile } from "node:fs/promises";
import type { Agency } from "@touming/store";
import { LineCounter, parseDocument } from "yaml";
import { z } from "zod";
import { ConfigError, type ConfigIssue } from "./errors.js";

const slug = z
  .string({ error: "expected a text id" })
  .regex(
    /^[a-z0-9][a-z0-9-]{0,99}$/,
    "expected a lower-case slug (letters, digits, hyphens), e.g. huaian-city",
  );

const httpUrl = z.string({ error: "expected an http(s) URL" }).refine((value) => {
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
  } catch {
    return false;
  }
}, "expected an http(s) URL");

const crawlOptions = z.strictObject(
  {
    /** Pause between two requests to one host. Default 1000 ms; 0 is for loopback test sites. */
    minHostDelayMs: z
      .number({ error: "expected a number of milliseconds" })
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

const monthDay = z
  .string({ error: "expected a date MM-DD of the year after the report year, e.g. 01-28" })
  .regex(
    /^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/,
    "expected a date MM-DD of the year after the report year, e.g. 01-28",
  );

const regionCode = z
  .union([z.string(), z.number()], { error: 'expected a 6-, 9- or 12-digit region code, e.g. "320800"' })
  .transform((value) => String(value))
  .pipe(z.string().regex(/^\d{6}(\d{3}){0,2}$/, 'expected a 6-, 9- or 12-digit region code, e.g. "320800"'));

const agencySchema = z
  .strictObject(
    {
      id: slug,
      name: z.string({ error: "expected the agency's name" }).trim().min(1, "expected the agency's name"),
      regionCode,
      level: z.enum(["province", "city", "county", "district", "department"], {
        error: "expected one of province, city, county, district, department",
      }),
      parent: slug.optional(),
      siteUrl: httpUrl.optional(),
      listUrls: z.array(httpUrl, { error: "expected a list of http(s) URLs" }).optional(),
      deadline: monthDay.optional(),
      crawl: crawlOptions.optional(),
    },
    { error: "expected a mapping with id, name, regionCode, level and siteUrl or listUrls" },
  )
  .refine((a) => a.siteUrl !== undefined || (a.listUrls?.length ?? 0) > 0, {
    error: "expected siteUrl or at least one listUrls entry (where the crawler starts)",
    path: ["listUrls"],
  });

const registrySchema = z.strictObject(
  {
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

function zodIssues(file: string, error: z.ZodError): ConfigIssue[] {
  return error.issues
    .map((issue) => {
      if (issue.code === "unrecognized_keys") {
        const base = fieldPath(issue.path);
        return issue.keys.map((key) => ({
          file,
          field: base ? `${base}.${key}` : key,
          expected: "unknown field (check its spelling)",
        }));
      }
      return [{ file, field: fieldPath(issue.path), expected: issue.message }];
    })
    .flat();
}

/**
 * Parses and validates a registry (YAML or JSON text). Throws ConfigError naming the file, the field
 * and what was expected; `knownIds` are agencies already in the store that `parent` may point at.
 *
 * @example
 *   const { agencies } = parseRegistry(text, "agencies.yaml");
 */
export function parseRegistry(
  text: string,
  file: string,
  knownIds: ReadonlySet<string> = new Set(),
): Registry {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, lineCounter });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      doc.errors.map((e) => ({
        file,
        field: ((at) => `line ${at.line}, column ${at.col}`)(lineCounter.linePos(e.pos[0])),
        expected: `not valid YAML: ${e.message.split("\n")[0]}`,
      })),
    );
  }
  const parsed = registrySchema.safeParse(doc.toJS());
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
  parsed.data.agencies.forEach((agency, i) => {
    if (agency.parent === undefined) return;
    if (agency.parent === agency.id) {
      issues.push({ file, field: `agencies[${i}].parent`, expected: "another agency's id (not its own)" });
    } else if (!firstIndex.has(agency.parent) && !knownIds.has(agency.parent)) {
      issues.push({
        file,
        field: `agencies[${i}].parent`,
        expected: `the id of an agency in this file or already imported ("${agency.parent}" is neither)`,
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
      crawlOptions: { ...defaults, ...a.crawl },
    })),
  };
}

/** Reads and validates a registry file; an unreadable file is a ConfigError too. */
export async function readRegistryFile(file: string, knownIds?: ReadonlySet<string>): Promise<Registry> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message;
    throw new ConfigError([{ file, field: "", expected: `cannot read the registry: ${reason}` }], {
      cause: error,
    });
  }
  return parseRegistry(text, file, knownIds);
}
