import { writeFileSync } from "node:fs";
import path from "node:path";
import { useTempDirs } from "@touming/store/testing";
import { describe, expect, it } from "vitest";
import { readSmtpCa } from "./smtp-ca.js";
import { parseSmtpUrl, redactedSmtpUrl, requiresStartTls } from "./smtp-url.js";
import { makeTestCertificates } from "./testing/certificates.js";

const tempDir = useTempDirs();

describe("parseSmtpUrl", () => {
  it("accepts ?starttls=required on smtp:// and no other query", () => {
    const url = parseSmtpUrl("smtp://gk:s3cret@mail.example.gov.cn:587?starttls=required")!;
    expect(requiresStartTls(url)).toBe(true);
    expect(redactedSmtpUrl(url)).toBe("smtp://gk:***@mail.example.gov.cn:587?starttls=required");
    expect(requiresStartTls(parseSmtpUrl("smtp://mail.example.gov.cn/?starttls=required")!)).toBe(true);
    expect(requiresStartTls(parseSmtpUrl("smtp://mail.example.gov.cn")!)).toBe(false);
    for (const text of [
      "smtp://mail.example.gov.cn?starttls=Required",
      "smtp://mail.example.gov.cn?starttls=optional",
      "smtp://mail.example.gov.cn?starttls=required&x=1",
      "smtp://mail.example.gov.cn?tls=required",
      "smtp://mail.example.gov.cn?",
      "smtps://mail.example.gov.cn?starttls=required",
    ])
      expect(parseSmtpUrl(text), text).toBeUndefined();
  });
});

describe("readSmtpCa", () => {
  it("reads the PEM certificates of a file, and refuses a file that is missing or holds none", () => {
    const dir = tempDir();
    const { caCert, serverCert, serverKey } = makeTestCertificates();
    const write = (name: string, text: string) => {
      writeFileSync(path.join(dir, name), text);
      return path.join(dir, name);
    };
    expect(readSmtpCa(write("ca.pem", `# office CA\n${caCert}`))).toEqual({
      file: path.join(dir, "ca.pem"),
      certificates: [caCert.trim()],
    });
    expect(readSmtpCa(write("two.pem", caCert + serverCert))?.certificates).toHaveLength(2);
    expect(readSmtpCa(path.join(dir, "missing.pem"))).toBeUndefined();
    expect(readSmtpCa(dir)).toBeUndefined();
    expect(readSmtpCa(write("key.pem", serverKey))).toBeUndefined();
    expect(readSmtpCa(write("empty.pem", ""))).toBeUndefined();
    expect(
      readSmtpCa(write("bad.pem", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")),
    ).toBeUndefined();
  });
});
