import { existsSync, readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SETTINGS, SETTING_NAMES, type SettingName, SettingError, readSettings } from "./settings.js";
import { useCli } from "./testing/in-process-cli.js";

interface Row {
  name: SettingName;
  /** Texts accepted, with the value each stands for. */
  valid: [string, unknown][];
  /** Texts refused, each with the one line that refuses it. */
  invalid: [string, string][];
  /** The value when the variable is unset or empty. */
  missing: unknown;
}

const TABLE: Row[] = [
  {
    name: "extractWorkers",
    valid: [
      ["0", 0],
      ["3", 3],
      ["16", 16],
    ],
    invalid: [
      [
        "many",
        'TOUMING_EXTRACT_WORKERS: expected a whole number from 0 to 16 (0 = extract on the main thread), got "many"',
      ],
      [
        "17",
        'TOUMING_EXTRACT_WORKERS: expected a whole number from 0 to 16 (0 = extract on the main thread), got "17"',
      ],
    ],
    missing: Math.min(availableParallelism(), 4),
  },
  {
    name: "contactUrl",
    valid: [
      ["https://example.org/contact", "https://example.org/contact"],
      ["mailto:ops@example.org", "mailto:ops@example.org"],
    ],
    invalid: [
      [
        "example.org",
        'TOUMING_CONTACT_URL: expected an http(s) or mailto: URL such as https://example.org/contact, got "example.org"',
      ],
      [
        "ftp://example.org/",
        'TOUMING_CONTACT_URL: expected an http(s) or mailto: URL such as https://example.org/contact, got "ftp://example.org/"',
      ],
      [
        "https://example.org/\r\nX-Injected: 1",
        'TOUMING_CONTACT_URL: expected an http(s) or mailto: URL such as https://example.org/contact, got "https://example.org/\r\nX-Injected: 1"',
      ],
    ],
    missing: null,
  },
  {
    name: "chromium",
    valid: [["/opt/chromium/chrome", "/opt/chromium/chrome"]],
    invalid: [
      ["chromium", 'TOUMING_CHROMIUM: expected an absolute path to the Chromium executable, got "chromium"'],
    ],
    missing: "/usr/bin/chromium",
  },
  {
    name: "pdfPages",
    valid: [
      ["1", 1],
      ["4", 4],
      ["16", 16],
    ],
    invalid: [
      ["0", 'TOUMING_PDF_PAGES: expected a whole number from 1 to 16, got "0"'],
      ["abc", 'TOUMING_PDF_PAGES: expected a whole number from 1 to 16, got "abc"'],
      ["2.5", 'TOUMING_PDF_PAGES: expected a whole number from 1 to 16, got "2.5"'],
      ["17", 'TOUMING_PDF_PAGES: expected a whole number from 1 to 16, got "17"'],
    ],
    missing: 1,
  },
  {
    name: "heapMb",
    valid: [
      ["128", 128],
      ["2048", 2048],
    ],
    invalid: [
      ["64", 'TOUMING_HEAP_MB: expected a whole number from 128 to 65536, got "64"'],
      ["lots", 'TOUMING_HEAP_MB: expected a whole number from 128 to 65536, got "lots"'],
    ],
    missing: 512,
  },
  {
    name: "scheduleNightly",
    valid: [["15 3 * * *", "15 3 * * *"]],
    invalid: [
      [
        "every night",
        'TOUMING_SCHEDULE_NIGHTLY: expected a cron expression such as "0 2 * * *", got "every night"',
      ],
    ],
    missing: "0 2 * * *",
  },
  {
    name: "schedulePublish",
    valid: [["0 7 * * 1-5", "0 7 * * 1-5"]],
    invalid: [
      [
        "61 * * * *",
        'TOUMING_SCHEDULE_PUBLISH: expected a cron expression such as "0 2 * * *", got "61 * * * *"',
      ],
    ],
    missing: "30 6 * * *",
  },
  {
    name: "timezone",
    valid: [["Europe/Berlin", "Europe/Berlin"]],
    invalid: [
      [
        "Mars/Olympus",
        'TOUMING_TIMEZONE: expected an IANA time zone such as Asia/Shanghai, got "Mars/Olympus"',
      ],
    ],
    missing: "Asia/Shanghai",
  },
];

describe("settings", () => {
  it("the table covers every setting", () => {
    expect(TABLE.map((r) => r.name)).toEqual(SETTING_NAMES);
  });

  for (const row of TABLE) {
    const variable = SETTINGS[row.name].variable;
    it(`${variable}: valid, invalid, missing`, () => {
      for (const [text, value] of row.valid)
        expect(readSettings({ [variable]: text }).get(row.name)).toEqual(value);
      for (const [text, line] of row.invalid) {
        const settings = readSettings({ [variable]: text });
        expect(() => settings.get(row.name)).toThrow(new SettingError(SETTINGS[row.name], text));
        expect(() => settings.get(row.name)).toThrow(line);
      }
      expect(readSettings({}).get(row.name)).toEqual(row.missing);
      expect(readSettings({ [variable]: "" }).get(row.name)).toEqual(row.missing);
    });
  }

  it("reads each variable once, however often a setting is asked for", () => {
    const reads = new Map<string | symbol, number>();
    const env = new Proxy({ TOUMING_PDF_PAGES: "2" } as Record<string, string>, {
      get(target, key) {
        reads.set(key, (reads.get(key) ?? 0) + 1);
        return Reflect.get(target, key);
      },
    });
    const settings = readSettings(env);
    for (let i = 0; i < 3; i++) for (const name of SETTING_NAMES) settings.get(name);
    expect(settings.get("pdfPages")).toBe(2);
    expect(Object.fromEntries(reads)).toEqual(
      Object.fromEntries(SETTING_NAMES.map((name) => [SETTINGS[name].variable, 1])),
    );
  });

  it("a refused variable fails only what uses it", () => {
    const settings = readSettings({ TOUMING_PDF_PAGES: "0" });
    expect(settings.get("extractWorkers")).toBe(Math.min(availableParallelism(), 4));
    expect(() => settings.get("pdfPages")).toThrow(/^TOUMING_PDF_PAGES: /);
  });

  it("the README's table lists every variable with its default and what it accepts", () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    for (const name of SETTING_NAMES) {
      const { variable, defaultText, expected } = SETTINGS[name];
      const row = readme.split("\n").find((line) => line.startsWith(`| \`${variable}\` |`));
      expect(row, variable).toBeDefined();
      expect(row).toContain(defaultText);
      expect(row).toContain(expected.replaceAll("|", "\\|"));
    }
  });
});

describe("settings on the command line", () => {
  const { dir, run } = useCli();

  for (const [args, text] of [
    [["publish", "--no-pdf"], "0"],
    [["publish"], "abc"],
    [["run", "--no-pdf"], "0"],
    [["demo", "--no-pdf"], "abc"],
  ] as const) {
    it(`TOUMING_PDF_PAGES=${text}: \`touming ${args.join(" ")}\` is refused with one line before touching the store`, async () => {
      const d = dir();
      const result = await run(d, [...args, "--out", path.join(d, "out")], {
        env: { TOUMING_PDF_PAGES: text },
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(
        `touming: TOUMING_PDF_PAGES: expected a whole number from 1 to 16, got "${text}"\n`,
      );
      expect(existsSync(path.join(d, "touming.db"))).toBe(false);
      expect(existsSync(path.join(d, "demo"))).toBe(false);
    });
  }

  it("a bad TOUMING_EXTRACT_WORKERS stops the extract stage with its name", async () => {
    const result = await run(dir(), ["extract"], { env: { TOUMING_EXTRACT_WORKERS: "many" } });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'touming: TOUMING_EXTRACT_WORKERS: expected a whole number from 0 to 16 (0 = extract on the main thread), got "many"\n',
    );
  });

  it("a bad schedule does not stop `touming status`, which shows it", async () => {
    const result = await run(dir(), ["status"], { env: { TOUMING_TIMEZONE: "Mars/Olympus" } });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'schedule (touming schedule)\n  TOUMING_TIMEZONE: expected an IANA time zone such as Asia/Shanghai, got "Mars/Olympus"\n',
    );
  });
});
