import type { SourceKind } from "./types.js";

export type DetectedKind = SourceKind | "zip" | "ole" | "image" | "unknown-binary";

const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);

/** What the bytes are, by magic numbers first (servers send PDFs as octet-stream), then by name and type. */
export function detectKind(bytes: Uint8Array, url?: string, contentType?: string): DetectedKind {
  const head = Buffer.from(bytes.subarray(0, 1024));
  if (head.indexOf("%PDF-") >= 0 && head.indexOf("%PDF-") < 1024) return "pdf";
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return "zip";
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return "ole";
  if (
    startsWith(bytes, [0x89, 0x50, 0x4e, 0x47]) ||
    startsWith(bytes, [0xff, 0xd8, 0xff]) ||
    startsWith(bytes, [0x47, 0x49, 0x46, 0x38])
  ) {
    return "image";
  }
  const type = (contentType ?? "").toLowerCase();
  const path = (url ?? "").toLowerCase().split(/[?#]/)[0] ?? "";
  const sniff = head.toString("latin1").slice(0, 1024).toLowerCase();
  if (/<(!doctype html|html|head|body|meta|div|p|table|title)[\s>]/.test(sniff)) return "html";
  if (type.includes("html") || /\.(s?html?|jsp|php|aspx?)$/.test(path)) return "html";
  // Control bytes other than white space mean a binary format we do not know.
  let controls = 0;
  for (const b of bytes.subarray(0, 512)) if (b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1b)) controls++;
  if (controls > 8) return "unknown-binary";
  return "text";
}
