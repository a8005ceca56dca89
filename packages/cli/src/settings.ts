import path from "node:path";
// Light subpaths: the settings are read when the CLI starts, before any command loads its packages.
import { defaultExtractWorkers } from "@touming/extract/defaults";
import { DEFAULT_CHROMIUM, HEADLESS_SHELL, defaultPdfChromium } from "@touming/publish/defaults";
import { type SmtpCa, parseSmtpUrl, readSmtpCa } from "@touming/deliver/settings";
import { parseWholeNumber, wholeNumberExpected } from "./option-values.js";
import { isCronExpression } from "./schedule/cron-expression.js";
import { DEFAULT_SCHEDULE, type ScheduleConfig } from "./schedule/schedule-config.js";

/**
 * Every `TOUMING_*` environment variable, read in one place: the packages take these values as
 * options and never read the environment themselves. A variable that is unset or empty has its
 * default; one that holds anything else than expected is refused, when a command needs it, with
 * one line naming it: `TOUMING_PDF_PAGES: expected a whole number from 1 to 16, got "abc"`.
 *
 * Adding a setting: a row in SETTINGS (and its type in SettingValues), a row in the README's table
 * (a test compares them), then `settings.get(name)` where a command passes it on.
 */

/** The environment as the CLI reads it: `process.env`, or a test's own. */
export type Environment = Readonly<Record<string, string | undefined>>;

export interface SettingValues {
  extractWorkers: number;
  /** null: the crawler's own User-Agent contact. */
  contactUrl: string | null;
  chromium: string;
  pdfPages: number;
  heapMb: number;
  scheduleNightly: string;
  schedulePublish: string;
  timezone: string;
  /** null: no office configured. */
  officeName: string | null;
  /** null: no contact for 异议/复核 configured. */
  officeContact: string | null;
  /** null: no SMTP server (`touming deliver` needs one, or `--dry-run`). */
  smtpUrl: URL | null;
  /** null: the CAs Node trusts. */
  smtpCa: SmtpCa | null;
  mailFrom: string;
  siteUrl: string;
  /** null: the SQLite file in the data directory. */
  databaseUrl: string | null;
  blobStore: "directory" | "database";
  /** null: `<data-dir>/blobs`. */
  blobDir: string | null;
}

export type SettingName = keyof SettingValues;

export interface Setting<T> {
  readonly variable: string;
  /** What it changes, as the README's table says it. */
  readonly purpose: string;
  /** What a refusal says is expected (and the README's table shows). */
  readonly expected: string;
  /** The default as the README's table shows it. */
  readonly defaultText: string;
  defaultValue(): T;
  /** The value a non-empty text stands for, or undefined when it is not what is expected. */
  parse(text: string): T | undefined;
  /** A refusal does not quote the text (it may hold a password). */
  readonly secret?: boolean;
}

const wholeNumberSetting = (
  variable: string,
  purpose: string,
  min: number,
  max: number,
  fallback: { text: string; value: () => number },
  note = "",
): Setting<number> => ({
  variable,
  purpose,
  expected: `${wholeNumberExpected(min, max)}${note}`,
  defaultText: fallback.text,
  defaultValue: fallback.value,
  parse: (text) => parseWholeNumber(text, min, max),
});

const cronSetting = (variable: string, purpose: string, fallback: string): Setting<string> => ({
  variable,
  purpose,
  expected: 'a cron expression such as "0 2 * * *"',
  defaultText: `\`${fallback}\``,
  defaultValue: () => fallback,
  parse: (text) => (isCronExpression(text) ? text : undefined),
});

function contactUrl(text: string): string | undefined {
  if (/\s/.test(text) || !URL.canParse(text)) return undefined;
  return ["http:", "https:", "mailto:"].includes(new URL(text).protocol) ? text : undefined;
}

function timeZone(text: string): string | undefined {
  try {
    new Intl.DateTimeFormat("en", { timeZone: text });
    return text;
  } catch {
    return undefined;
  }
}

/**
 * Control characters (line breaks, tabs, escapes) and the Unicode line separators and direction
 * overrides: none belongs in a line printed on every card.
 */
const CONTROL = /[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

/** A line of text to print: trimmed, not empty, at most `max` characters, without control characters. */
const plainLine =
  (max: number) =>
  (text: string): string | undefined => {
    const line = text.trim();
    return line !== "" && [...line].length <= max && !CONTROL.test(line) ? line : undefined;
  };

/** Where `touming serve` answers by default: the links of e-mailed results point there unless told otherwise. */
export const DEFAULT_SITE_URL = "http://127.0.0.1:8080/";

/** An e-mail address alone (`a@b.cn`) or after a display name (`透明 <a@b.cn>`). */
const MAIL_ADDRESS = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*$/;
function mailFrom(text: string): string | undefined {
  const line = plainLine(200)(text);
  if (!line) return undefined;
  const named = /^([^<>"]*?)\s*<([^<>\s]+)>$/.exec(line);
  return MAIL_ADDRESS.test(named ? named[2]! : line) ? line : undefined;
}

function siteUrl(text: string): string | undefined {
  if (/\s/.test(text) || !URL.canParse(text)) return undefined;
  const url = new URL(text);
  return (url.protocol === "http:" || url.protocol === "https:") &&
    !url.username &&
    !url.password &&
    !url.search
    ? url.href
    : undefined;
}

/** Every setting: its variable, what it changes, what it accepts and its default. */
export const SETTINGS: { readonly [K in SettingName]: Setting<SettingValues[K]> } = {
  extractWorkers: wholeNumberSetting(
    "TOUMING_EXTRACT_WORKERS",
    "worker threads extracting documents",
    0,
    16,
    { text: "one per core, at most 4", value: defaultExtractWorkers },
    " (0 = extract on the main thread)",
  ),
  contactUrl: {
    variable: "TOUMING_CONTACT_URL",
    purpose: "contact URL sent in the crawler's User-Agent (`--contact` wins)",
    expected: "an http(s) or mailto: URL such as https://example.org/contact",
    defaultText: "the project's page (https://github.com/touming/touming)",
    defaultValue: () => null,
    parse: contactUrl,
  },
  chromium: {
    variable: "TOUMING_CHROMIUM",
    purpose: "the Chromium executable that renders PDFs",
    expected: "an absolute path to the Chromium executable",
    defaultText: `\`${HEADLESS_SHELL}\` (Debian's chromium-headless-shell), else \`${DEFAULT_CHROMIUM}\``,
    defaultValue: () => defaultPdfChromium(),
    parse: (text) => (path.isAbsolute(text) ? text : undefined),
  },
  pdfPages: wholeNumberSetting("TOUMING_PDF_PAGES", "PDF pages Chromium renders at once", 1, 16, {
    text: "2",
    value: () => 2,
  }),
  heapMb: wholeNumberSetting(
    "TOUMING_HEAP_MB",
    "the heap cap of the touming process in MB (set by `bin/touming` before Node starts; a cap in NODE_OPTIONS wins)",
    128,
    65_536,
    { text: "512", value: () => 512 },
  ),
  scheduleNightly: cronSetting(
    "TOUMING_SCHEDULE_NIGHTLY",
    "when `touming schedule` crawls, extracts and grades",
    DEFAULT_SCHEDULE.nightly,
  ),
  schedulePublish: cronSetting(
    "TOUMING_SCHEDULE_PUBLISH",
    "when `touming schedule` publishes",
    DEFAULT_SCHEDULE.publish,
  ),
  timezone: {
    variable: "TOUMING_TIMEZONE",
    purpose: "the time zone the schedule's expressions are read in",
    expected: "an IANA time zone such as Asia/Shanghai",
    defaultText: `\`${DEFAULT_SCHEDULE.timezone}\``,
    defaultValue: () => DEFAULT_SCHEDULE.timezone,
    parse: timeZone,
  },
  officeName: {
    variable: "TOUMING_OFFICE_NAME",
    purpose: "the office that issues the evaluation, named on every card and summary (发布单位)",
    expected:
      "the office's name, at most 100 characters without control characters, such as 某某市人民政府办公室政务公开科",
    defaultText: "none: the pages say 本评估由透明（Touming）自动生成",
    defaultValue: () => null,
    parse: plainLine(100),
  },
  officeContact: {
    variable: "TOUMING_OFFICE_CONTACT",
    purpose:
      "where agencies turn for 异议/复核, printed after the office's name (needs `TOUMING_OFFICE_NAME`)",
    expected: "a phone number, e-mail or address, at most 200 characters without control characters",
    defaultText: "none",
    defaultValue: () => null,
    parse: plainLine(200),
  },
  smtpUrl: {
    variable: "TOUMING_SMTP_URL",
    purpose:
      "the SMTP server `touming deliver` sends through: `smtp://` (STARTTLS when the server offers it; with `?starttls=required` only then) or `smtps://` (TLS), with `user:pass@` percent-encoded in the URL",
    expected: "an smtp:// or smtps:// URL such as smtp://user:pass@mail.example.gov.cn:587",
    defaultText:
      "none: `touming deliver` needs it (or `--dry-run`); `touming schedule` then does not deliver",
    defaultValue: () => null,
    parse: parseSmtpUrl,
    secret: true,
  },
  smtpCa: {
    variable: "TOUMING_SMTP_CA",
    purpose:
      "the CA certificate(s) the SMTP server's certificate must chain to, instead of those Node trusts (an office's internal CA); the certificate is always verified",
    expected: "a readable PEM file with the CA certificate(s) to trust, such as /etc/touming/office-ca.pem",
    defaultText: "none: the CAs Node trusts",
    defaultValue: () => null,
    // Read when the settings are: a file that cannot be used is refused before anything is sent.
    parse: readSmtpCa,
  },
  mailFrom: {
    variable: "TOUMING_MAIL_FROM",
    purpose: "the sender of the e-mailed results (From), whose domain the Message-IDs carry",
    expected: "an e-mail address, alone or after a name, such as 透明评估 <touming@example.gov.cn>",
    defaultText: "`touming@localhost`",
    defaultValue: () => "touming@localhost",
    parse: mailFrom,
  },
  siteUrl: {
    variable: "TOUMING_SITE_URL",
    purpose: "the served site's base URL, which the e-mailed results link to",
    expected:
      "an http(s) URL without a user name, password or query, such as https://gk.example.gov.cn/touming/",
    defaultText: `\`${DEFAULT_SITE_URL}\` (the local \`touming serve\`)`,
    defaultValue: () => DEFAULT_SITE_URL,
    parse: siteUrl,
  },
  databaseUrl: {
    variable: "TOUMING_DATABASE_URL",
    purpose:
      "a PostgreSQL database instead of the SQLite file, for several machines (`--database-url` overrides it); create it with `LC_COLLATE 'C'`",
    expected: "a postgres:// URL such as postgres://touming:secret@db.example.gov.cn:5432/touming",
    defaultText: "none: the SQLite file `<data-dir>/touming.db`",
    defaultValue: () => null,
    parse: (text) => (/^postgres(ql)?:\/\/\S+$/i.test(text) && URL.canParse(text) ? text : undefined),
    secret: true,
  },
  blobStore: {
    variable: "TOUMING_BLOB_STORE",
    purpose:
      "where fetched documents and page images are kept: `directory` (`TOUMING_BLOB_DIR`, a shared mount for several machines) or `database` (a table of the store's database, for machines without a shared file system)",
    expected: "directory or database",
    defaultText: "`directory`",
    defaultValue: () => "directory",
    parse: (text) => (text === "directory" || text === "database" ? text : undefined),
  },
  blobDir: {
    variable: "TOUMING_BLOB_DIR",
    purpose: "the blob directory when `TOUMING_BLOB_STORE` is `directory`",
    expected: "a directory path",
    defaultText: "`<data-dir>/blobs`",
    defaultValue: () => null,
    parse: (text) => (CONTROL.test(text) ? undefined : path.resolve(text)),
  },
};

export const SETTING_NAMES = Object.keys(SETTINGS) as SettingName[];

/** A text as a refusal quotes it: control characters as escapes (`\n`, `\u001b`), so it stays one line. */
const quoted = (text: string) =>
  text.replace(new RegExp(CONTROL.source, "gu"), (c) =>
    c === "\n"
      ? "\\n"
      : c === "\r"
        ? "\\r"
        : c === "\t"
          ? "\\t"
          : `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );

/** A setting's variable holds something else than expected; the message is the one line to print. */
export class SettingError extends Error {
  constructor(setting: Setting<unknown>, text: string) {
    const got = setting.secret
      ? "got something else (not shown: it may hold a password)"
      : `got "${quoted(text)}"`;
    super(`${setting.variable}: expected ${setting.expected}, ${got}`);
    this.name = "SettingError";
  }
}

/** The settings of one process, read from its environment once. */
export interface Settings {
  /** The value of one setting; throws SettingError when its variable holds something else than expected. */
  get<K extends SettingName>(name: K): SettingValues[K];
}

type Read<T> = { value: T } | { error: SettingError };

function readOne<T>(setting: Setting<T>, text: string | undefined): Read<T> {
  if (text === undefined || text === "") return { value: setting.defaultValue() };
  const value = setting.parse(text);
  return value === undefined ? { error: new SettingError(setting, text) } : { value };
}

/**
 * Reads and validates every setting from `env` at once. A refused variable fails only the
 * commands that use it (`touming status` shows a bad schedule instead of failing).
 */
export function readSettings(env: Environment): Settings {
  const read = new Map<SettingName, Read<unknown>>(
    SETTING_NAMES.map((name) => [name, readOne<unknown>(SETTINGS[name], env[SETTINGS[name].variable])]),
  );
  return {
    get<K extends SettingName>(name: K): SettingValues[K] {
      const result = read.get(name)!;
      if ("error" in result) throw result.error;
      return result.value as SettingValues[K];
    },
  };
}

/** The schedule `touming schedule` runs and `touming status` shows. */
export function scheduleOf(settings: Settings): ScheduleConfig {
  return {
    nightly: settings.get("scheduleNightly"),
    publish: settings.get("schedulePublish"),
    timezone: settings.get("timezone"),
  };
}

/** What publishing takes from the settings. */
export interface PublishSettings {
  /** The Chromium executable for PDFs. */
  chromium: string;
  /** PDF pages rendered at once (refused here when out of range: 0 would hang the renderer). */
  pdfPages: number;
  /** The office named on every card and summary, and its contact for 异议/复核 (null: none). */
  office: { name: string; contact: string | null } | null;
}

/** What the stages of a whole run take from the settings. */
export interface StageSettings extends PublishSettings {
  /** The crawler's User-Agent contact (null: its default). */
  contact: string | null;
  /** Extraction worker threads. */
  workers: number;
}

/** A contact for 异议/复核 with no office to print it after. */
export class OfficeContactWithoutName extends Error {
  constructor() {
    super(
      `${SETTINGS.officeContact.variable}: expected ${SETTINGS.officeName.variable} too (the office the contact is for)`,
    );
    this.name = "OfficeContactWithoutName";
  }
}

/** The issuing office from its two settings; a contact without a name is refused. */
export function officeOf(settings: Settings): PublishSettings["office"] {
  const name = settings.get("officeName");
  const contact = settings.get("officeContact");
  if (name === null && contact !== null) throw new OfficeContactWithoutName();
  return name === null ? null : { name, contact };
}

/** Publishing's settings, read (and refused) before the command touches the store. */
export function publishSettings(settings: Settings): PublishSettings {
  return {
    chromium: settings.get("chromium"),
    pdfPages: settings.get("pdfPages"),
    office: officeOf(settings),
  };
}

/** What delivery by e-mail takes from the settings. */
export interface DeliverSettings {
  /** null: no SMTP server configured. */
  smtpUrl: URL | null;
  /** null: the CAs Node trusts. */
  smtpCa: SmtpCa | null;
  from: string;
  siteUrl: string;
}

/** Delivery's settings, read (and refused) before the command touches the store. */
export function deliverSettings(settings: Settings): DeliverSettings {
  return {
    smtpUrl: settings.get("smtpUrl"),
    smtpCa: settings.get("smtpCa"),
    from: settings.get("mailFrom"),
    siteUrl: settings.get("siteUrl"),
  };
}

/** Every stage's settings, read (and refused) before a whole run touches the store. */
export function stageSettings(settings: Settings): StageSettings {
  return {
    contact: settings.get("contactUrl"),
    workers: settings.get("extractWorkers"),
    ...publishSettings(settings),
  };
}
