import { decodeBytes } from "@touming/extract/decode";

/**
 * A fetched page's text for link discovery, by the one charset decoder the project has (extract's):
 * BOM, bytes that are valid UTF-8, the header's or the page's charset (the GB family as GB18030),
 * else GB18030 or Big5, whichever reads as Chinese.
 */
export function decodePage(body: Uint8Array, contentType: string | null): string {
  return decodeBytes(body, contentType ? { contentType } : {}).text;
}
