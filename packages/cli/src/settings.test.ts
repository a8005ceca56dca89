import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import path from "node:path";
import { rootCertificates } from "node:tls";
import { defaultPdfChromium } from "@touming/publish/defaults";
import { afterAll, describe, expect, it } from "vitest";
import {
  SETTINGS,
  SETTING_NAMES,
  type SettingName,
  SettingError,
  deliverSettings,
  publishSettings,
  readSettings,
} from "./settings.js";
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

const OFFICE_NAME_EXPECTED =
  "the office's name, at most 100 characters without control characters, such as 某某市人民政府办公室政务公开科";
const OFFICE_CONTACT_EXPECTED =
  "a phone number, e-mail or address, at most 200 characters without control characters";

const SMTP_EXPECTED = "an smtp:// or smtps:// URL such as smtp://user:pass@mail.example.gov.cn:587";
const NOT_SHOWN = "got something else (not shown: it may hold a password)";
/** A refused TOUMING_SMTP_URL: the line never quotes it (it may hold a password). */
const badSmtpUrl = (text: string): [string, string] => [
  text,
  `TOUMING_SMTP_URL: expected ${SMTP_EXPECTED}, ${NOT_SHOWN}`,
];
const SMTP_CA_EXPECTED =
  "a readable PEM file with the CA certificate(s) to trust, such as /etc/touming/office-ca.pem";
const badSmtpCa = (file: string): [string, string] => [
  file,
  `TOUMING_SMTP_CA: expected ${SMTP_CA_EXPECTED}, got "${file}"`,
];
/** Files for TOUMING_SMTP_CA; a real CA certificate from Node's own list (only parsing matters). */
const CA_DIR = mkdtempSync(path.join(tmpdir(), "touming-settings-ca-"));
afterAll(() => rmSync(CA_DIR, { recursive: true, force: true }));
const caFile = (name: string, text: string) => {
  writeFileSync(path.join(CA_DIR, name), text);
  return path.join(CA_DIR, name);
};
const CA_PEM = rootCertificates[0]!.trim();
const MAIL_FROM_EXPECTED =
  "an e-mail address, alone or after a name, such as 透明评估 <touming@example.gov.cn>";
const SITE_EXPECTED =
  "an http(s) URL without a user name, password or query, such as https://gk.example.gov.cn/touming/";

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
        // The refusal stays one line: the line break is quoted, not printed.
        'TOUMING_CONTACT_URL: expected an http(s) or mailto: URL such as https://example.org/contact, got "https://example.org/\\r\\nX-Injected: 1"',
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
    // Debian's headless shell where it is installed (the setup installs it), else the full chromium.
    missing: defaultPdfChromium(),
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
    missing: 2,
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
  {
    name: "officeName",
    valid: [
      ["某某市人民政府办公室政务公开科", "某某市人民政府办公室政务公开科"],
      ["  示例市政务公开办公室 ", "示例市政务公开办公室"],
      ["办".repeat(100), "办".repeat(100)],
    ],
    invalid: [
      ["办".repeat(101), `TOUMING_OFFICE_NAME: expected ${OFFICE_NAME_EXPECTED}, got "${"办".repeat(101)}"`],
      ["   ", `TOUMING_OFFICE_NAME: expected ${OFFICE_NAME_EXPECTED}, got "   "`],
      [
        "政务公开科\n伪造的第二行",
        `TOUMING_OFFICE_NAME: expected ${OFFICE_NAME_EXPECTED}, got "政务公开科\\n伪造的第二行"`,
      ],
      ["政务\u202e公开科", `TOUMING_OFFICE_NAME: expected ${OFFICE_NAME_EXPECTED}, got "政务\\u202e公开科"`],
    ],
    missing: null,
  },
  {
    name: "officeContact",
    valid: [
      ["0000-12345678", "0000-12345678"],
      ["gongkai@example.gov.cn", "gongkai@example.gov.cn"],
      ["某某市某某路1号 政务公开科（邮编000000）", "某某市某某路1号 政务公开科（邮编000000）"],
      ["x".repeat(200), "x".repeat(200)],
    ],
    invalid: [
      [
        "x".repeat(201),
        `TOUMING_OFFICE_CONTACT: expected ${OFFICE_CONTACT_EXPECTED}, got "${"x".repeat(201)}"`,
      ],
      [" \t ", `TOUMING_OFFICE_CONTACT: expected ${OFFICE_CONTACT_EXPECTED}, got " \\t "`],
      [
        "0000-12345678\u001b[31m",
        `TOUMING_OFFICE_CONTACT: expected ${OFFICE_CONTACT_EXPECTED}, got "0000-12345678\\u001b[31m"`,
      ],
    ],
    missing: null,
  },
  {
    name: "smtpUrl",
    valid: [
      ["smtp://127.0.0.1:2525", new URL("smtp://127.0.0.1:2525")],
      [
        "smtps://gk%40office:p%40ss@mail.example.gov.cn",
        new URL("smtps://gk%40office:p%40ss@mail.example.gov.cn"),
      ],
      ["smtp://mail.example.gov.cn/", new URL("smtp://mail.example.gov.cn/")],
      [
        "smtp://gk:p@mail.example.gov.cn:587?starttls=required",
        new URL("smtp://gk:p@mail.example.gov.cn:587?starttls=required"),
      ],
    ],
    invalid: [
      "http://gk:s3cret@mail.example.gov.cn",
      "smtp://",
      "smtp://mail.example.gov.cn/inbox?x=1",
      "smtp://:pass@mail.example.gov.cn",
      // One query only, spelt exactly: a misspelt one must not quietly send in clear.
      "smtp://mail.example.gov.cn?starttls=require",
      "smtp://mail.example.gov.cn?starttls=required&debug=1",
      "smtps://mail.example.gov.cn?starttls=required",
    ].map(badSmtpUrl),
    missing: null,
  },
  {
    name: "smtpCa",
    valid: [
      [caFile("ca.pem", `${CA_PEM}\n`), { file: path.join(CA_DIR, "ca.pem"), certificates: [CA_PEM] }],
      [
        caFile("two.pem", `# 某某市政务CA\n${CA_PEM}\n${CA_PEM}\n`),
        { file: path.join(CA_DIR, "two.pem"), certificates: [CA_PEM, CA_PEM] },
      ],
    ],
    invalid: [
      path.join(CA_DIR, "missing.pem"),
      CA_DIR,
      caFile("not-pem.crt", "MIIC/zCCAeegAwIBAgIP\n"),
      caFile("broken.pem", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"),
    ].map(badSmtpCa),
    missing: null,
  },
  {
    name: "mailFrom",
    valid: [
      ["touming@oversight.example.gov.cn", "touming@oversight.example.gov.cn"],
      ["透明评估 <touming@oversight.example.gov.cn>", "透明评估 <touming@oversight.example.gov.cn>"],
    ],
    invalid: [
      ["touming", `TOUMING_MAIL_FROM: expected ${MAIL_FROM_EXPECTED}, got "touming"`],
      [
        "a@b.cn\nBcc: c@d.cn",
        `TOUMING_MAIL_FROM: expected ${MAIL_FROM_EXPECTED}, got "a@b.cn\\nBcc: c@d.cn"`,
      ],
      [
        "x <a@b.cn>, y <c@d.cn>",
        `TOUMING_MAIL_FROM: expected ${MAIL_FROM_EXPECTED}, got "x <a@b.cn>, y <c@d.cn>"`,
      ],
    ],
    missing: "touming@localhost",
  },
  {
    name: "siteUrl",
    valid: [
      ["https://gk.example.gov.cn/touming/", "https://gk.example.gov.cn/touming/"],
      ["http://127.0.0.1:8080", "http://127.0.0.1:8080/"],
    ],
    invalid: [
      ["gk.example.gov.cn", `TOUMING_SITE_URL: expected ${SITE_EXPECTED}, got "gk.example.gov.cn"`],
      [
        "https://u:p@gk.example.gov.cn/",
        `TOUMING_SITE_URL: expected ${SITE_EXPECTED}, got "https://u:p@gk.example.gov.cn/"`,
      ],
    ],
    missing: "http://127.0.0.1:8080/",
  },
  {
    name: "databaseUrl",
    valid: [
      [
        "postgres://touming:s3cret@db.example.gov.cn:5432/touming",
        "postgres://touming:s3cret@db.example.gov.cn:5432/touming",
      ],
      ["postgresql://127.0.0.1/touming", "postgresql://127.0.0.1/touming"],
    ],
    // A refusal never quotes the text: it may hold the database password.
    invalid: [
      "mysql://touming:s3cret@db.example.gov.cn/touming",
      "postgres://",
      "db.example.gov.cn:5432",
      "postgres:// spaced",
    ].map((text): [string, string] => [
      text,
      "TOUMING_DATABASE_URL: expected a postgres:// URL such as postgres://touming:secret@db.example.gov.cn:5432/touming, got something else (not shown: it may hold a password)",
    ]),
    missing: null,
  },
  {
    name: "blobStore",
    valid: [
      ["directory", "directory"],
      ["database", "database"],
    ],
    invalid: [["s3", 'TOUMING_BLOB_STORE: expected directory or database, got "s3"']],
    missing: "directory",
  },
  {
    name: "blobDir",
    valid: [
      ["/srv/shared/blobs", "/srv/shared/blobs"],
      ["blobs", path.resolve("blobs")],
    ],
    invalid: [["/srv/a\nb", 'TOUMING_BLOB_DIR: expected a directory path, got "/srv/a\\nb"']],
    missing: null,
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

  it("the issuing office: a name alone, a name with its contact, none, and a contact without a name refused", () => {
    const office = (env: Record<string, string>) => publishSettings(readSettings(env)).office;
    expect(office({ TOUMING_OFFICE_NAME: "示例市政务公开办公室" })).toEqual({
      name: "示例市政务公开办公室",
      contact: null,
    });
    expect(
      office({ TOUMING_OFFICE_NAME: "示例市政务公开办公室", TOUMING_OFFICE_CONTACT: "0000-12345678" }),
    ).toEqual({ name: "示例市政务公开办公室", contact: "0000-12345678" });
    expect(office({})).toBeNull();
    expect(() => office({ TOUMING_OFFICE_CONTACT: "0000-12345678" })).toThrow(
      /^TOUMING_OFFICE_CONTACT: expected TOUMING_OFFICE_NAME too \(the office the contact is for\)$/,
    );
    expect(() => office({ TOUMING_OFFICE_NAME: "科\n室" })).toThrow(
      `TOUMING_OFFICE_NAME: expected ${OFFICE_NAME_EXPECTED}, got "科\\n室"`,
    );
  });

  it("delivery takes the SMTP server, whether STARTTLS is required, and the CA file", () => {
    const mail = deliverSettings(
      readSettings({
        TOUMING_SMTP_URL: "smtp://mail.example.gov.cn?starttls=required",
        TOUMING_SMTP_CA: caFile("deliver-ca.pem", CA_PEM),
      }),
    );
    expect(mail.smtpUrl?.href).toBe("smtp://mail.example.gov.cn?starttls=required");
    expect(mail.smtpCa).toEqual({ file: path.join(CA_DIR, "deliver-ca.pem"), certificates: [CA_PEM] });
    expect(deliverSettings(readSettings({})).smtpCa).toBeNull();
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

  it("a contact for 异议/复核 without the office's name: `touming publish` is refused with one line before touching the store", async () => {
    const d = dir();
    const result = await run(d, ["publish", "--no-pdf", "--out", path.join(d, "out")], {
      env: { TOUMING_OFFICE_CONTACT: "0000-12345678" },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      "touming: TOUMING_OFFICE_CONTACT: expected TOUMING_OFFICE_NAME too (the office the contact is for)\n",
    );
    expect(existsSync(path.join(d, "touming.db"))).toBe(false);
  });

  it("a bad TOUMING_OFFICE_NAME is refused with one line, its line break quoted", async () => {
    const d = dir();
    const result = await run(d, ["publish", "--no-pdf", "--out", path.join(d, "out")], {
      env: { TOUMING_OFFICE_NAME: "政务公开科\n伪造的第二行" },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `touming: TOUMING_OFFICE_NAME: expected ${OFFICE_NAME_EXPECTED}, got "政务公开科\\n伪造的第二行"\n`,
    );
  });

  it("a TOUMING_SMTP_CA without a certificate: `touming deliver` is refused with one line before touching the store", async () => {
    const d = dir();
    const file = caFile("empty.pem", "");
    const result = await run(d, ["deliver", "--out", path.join(d, "out")], {
      env: { TOUMING_SMTP_URL: "smtp://127.0.0.1:1", TOUMING_SMTP_CA: file },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`touming: TOUMING_SMTP_CA: expected ${SMTP_CA_EXPECTED}, got "${file}"\n`);
    expect(existsSync(path.join(d, "touming.db"))).toBe(false);
  });

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
