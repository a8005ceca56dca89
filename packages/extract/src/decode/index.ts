/**
 * The charset decoder alone (`@touming/extract/decode`), for readers of fetched pages such as the
 * crawler: BOM, valid UTF-8, the declared charset (header, then `<meta>`), else GB18030 sniffed
 * against Big5. Loads neither the PDF nor the DOCX readers.
 *
 * ```ts
 * decodeBytes(body, { contentType: "text/html" }).text;
 * ```
 */
export { decodeBytes } from "./detect-encoding.js";
export type { DecodedText } from "./detect-encoding.js";
