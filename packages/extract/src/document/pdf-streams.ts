import { constants, inflateSync } from "node:zlib";
import { DocumentTooLargeError } from "../errors.js";
import { MAX_PDF_DECODED_BYTES } from "../limits.js";

const latin1 = (bytes: Uint8Array, from: number, to: number) =>
  Buffer.from(bytes.buffer, bytes.byteOffset + from, to - from).toString("latin1");

/** How many Flate filters a stream dictionary applies one after the other (0 when none). */
function flateLayers(dictionary: string): number {
  const filter = /\/Filter\s*(\[[^\]]*\]|\/[A-Za-z0-9]+)/.exec(dictionary)?.[1] ?? "";
  return (filter.match(/\/(FlateDecode|Fl)\b/g) ?? []).length;
}

/**
 * Refuses a PDF whose Flate streams (images aside, which text extraction never decodes) inflate
 * past `maxBytes` together, by inflating each with a cap before pdf.js sees the file. Streams are
 * found by their `stream` keyword; a damaged one that does not inflate is left to pdf.js.
 */
export function checkPdfStreams(bytes: Uint8Array, maxBytes = MAX_PDF_DECODED_BYTES): void {
  const text = latin1(bytes, 0, bytes.byteLength);
  let total = 0;
  const keyword = /(?<!end)stream\r?\n/g;
  for (let match = keyword.exec(text); match; match = keyword.exec(text)) {
    const dictionaryStart = Math.max(text.lastIndexOf("obj", match.index), match.index - 4096, 0);
    const dictionary = text.slice(dictionaryStart, match.index);
    const layers = flateLayers(dictionary);
    const dataStart = match.index + match[0].length;
    const end = text.indexOf("endstream", dataStart);
    const dataEnd = end < 0 ? text.length : end;
    keyword.lastIndex = dataEnd;
    if (layers === 0 || /\/Subtype\s*\/Image\b/.test(dictionary)) continue;
    let data: Uint8Array = bytes.subarray(dataStart, dataEnd);
    for (let layer = 0; layer < layers; layer++) {
      try {
        data = inflateSync(data, {
          maxOutputLength: maxBytes - total + 1,
          finishFlush: constants.Z_SYNC_FLUSH,
        });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE") {
          throw new DocumentTooLargeError(`the PDF's streams inflate to more than ${maxBytes} bytes`, {
            cause: error,
          });
        }
        break;
      }
      total += data.byteLength;
      if (total > maxBytes) {
        throw new DocumentTooLargeError(`the PDF's streams inflate to more than ${maxBytes} bytes`);
      }
    }
  }
}
