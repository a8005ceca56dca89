import { readFileSync } from "node:fs";
import path from "node:path";

/** The CA certificates an SMTP server's certificate may chain to (`TOUMING_SMTP_CA`). */
export interface SmtpCa {
  /** The file they were read from, as an absolute path (for logs). */
  file: string;
  /** Each certificate as PEM: nodemailer's `tls.ca`, which then replaces Node's own CA list. */
  certificates: string[];
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----\r?\n[A-Za-z0-9+/=\r\n]+?-----END CERTIFICATE-----/g;

/**
 * Reads a PEM file of CA certificates (offices' servers often have certificates from an internal
 * CA). undefined when the file cannot be read, holds no PEM certificate, or holds one that does not
 * parse: a CA file that trusts nothing would only fail every send later, with a less clear error.
 * Other PEM blocks (a key, comments) are ignored; read once, when the settings are read.
 */
export function readSmtpCa(file: string): SmtpCa | undefined {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
  const certificates = text.match(PEM_CERTIFICATE) ?? [];
  if (certificates.length === 0) return undefined;
  // node:crypto only now, when a CA file is set: the settings are read as every command starts.
  const { X509Certificate } = process.getBuiltinModule("node:crypto");
  try {
    for (const pem of certificates) new X509Certificate(pem);
  } catch {
    return undefined;
  }
  return { file: path.resolve(file), certificates };
}
