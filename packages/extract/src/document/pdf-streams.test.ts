import { deflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { DocumentTooLargeError } from "../errors.js";
import { MAX_PDF_DECODED_BYTES } from "../limits.js";
import { checkPdfStreams } from "./pdf-streams.js";

const pdf = (body: string | Buffer) => Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.from(body)]);

describe("checkPdfStreams", () => {
  it("passes streams that inflate within the budget", () => {
    const content = deflateSync(Buffer.from("BT (x) Tj ET"));
    const body = Buffer.concat([
      Buffer.from("4 0 obj\n<< /Filter /FlateDecode >>\nstream\n"),
      content,
      Buffer.from("\nendstream\nendobj\n"),
    ]);
    expect(() => checkPdfStreams(pdf(body))).not.toThrow();
  });

  it(`refuses streams that inflate past ${MAX_PDF_DECODED_BYTES} bytes together`, () => {
    const stream = Buffer.concat([
      Buffer.from("1 0 obj\n<< /Filter /FlateDecode >>\nstream\n"),
      deflateSync(Buffer.alloc(MAX_PDF_DECODED_BYTES / 2 + 1)),
      Buffer.from("\nendstream\nendobj\n"),
    ]);
    expect(() => checkPdfStreams(pdf(Buffer.concat([stream, stream])))).toThrow(DocumentTooLargeError);
  });

  // 1.7 MB of these took 40 s: the dictionary of each stream was looked for in all the text before it.
  it("scans many streams without an object header in linear time", () => {
    const started = performance.now();
    checkPdfStreams(pdf("stream\nendstream\n".repeat(100_000)));
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
