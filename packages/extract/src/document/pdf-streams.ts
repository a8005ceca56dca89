import { constants, inflateSync } from "node:zlib";
import { DocumentTooLargeError } from "../errors.js";
import { MAX_PDF_DECODED_BYTES } from "../limits.js";

/** How far before its `stream` keyword a stream's dictionary is looked for. */
const DICTIONARY_WINDOW = 4096;

/** How many Flate filters a stream dictionary applies one after the other (0 when none). */
function flateLayers(dictionary: string): number {
  const filter = /\/Filter\s*(\[[^\]]*\]|\/[A-Za-z0-9]+)/.exec(dictionary)?.[1] ?? "";
  return (filter.match(/\/(FlateDecode|Fl)\b/g) ?? []).length;
}

/**
 * Refuses a PDF whose Flate streams (images aside, which text extraction never decodes) inflate
 * past MAX_PDF_DECODED_BYTES together, by inflating each with a cap before MuPDF sees the file.
 * Streams are found by their `stream` keyword; a damaged one that does not inflate is left to MuPDF.
 */
export function checkPdfStreams(bytes: Uint8Array): void {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
  let total = 0;
  const keyword = /(?<!end)stream\r?\n/g;
  for (let match = keyword.exec(text); match; match = keyword.exec(text)) {
    // "obj" is looked for inside the window only: searching the whole text before each of many
    // streams without one is quadratic, and this runs where the time budget cannot interrupt it.
    const window = text.slice(Math.max(0, match.index - DICTIONARY_WINDOW), match.index);
    const dictionary = window.slice(Math.max(0, window.lastIndexOf("obj")));
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
          maxOutputLength: MAX_PDF_DECODED_BYTES - total + 1,
          finishFlush: constants.Z_SYNC_FLUSH,
        });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE") throw tooLarge(error);
        break;
      }
      total += data.byteLength;
      if (total > MAX_PDF_DECODED_BYTES) throw tooLarge();
    }
  }
}

const tooLarge = (cause?: unknown) =>
  new DocumentTooLargeError(`the PDF's streams inflate to more than ${MAX_PDF_DECODED_BYTES} bytes`, {
    cause,
  });
