const HTML_END = /<\/(?:html|body)\s*>/i;
/** The end of a page looked at first for its closing tag (bytes). */
const TAIL_BYTES = 4096;

/**
 * Why a body that HTTP calls complete is still cut short, or null when it is whole. A Content-Length
 * that undercounts (a gateway that rewrote the page after measuring it) ends the body early without
 * any protocol error, and the rest is silently dropped; only the format shows where it should end.
 * A format it does not know is never called truncated.
 *
 * ```ts
 * truncatedBodyReason(Buffer.from("<html><body><p>报告"), "text/html"); // "HTML ends without </html> after 21 bytes"
 * ```
 */
export function truncatedBodyReason(body: Buffer, contentType: string | null): string | null {
  const head = body.subarray(0, 4096).toString("latin1");
  if (head.includes("%PDF-")) {
    // Incremental updates append after the first %%EOF, so only the tail counts.
    if (body.subarray(-4096).toString("latin1").includes("%%EOF")) return null;
    return `PDF ends without %%EOF after ${body.length} bytes`;
  }
  if (/<html[\s>]/i.test(head)) {
    // Nearly always in the last few KB: the whole body is searched only when the tail lacks it.
    const tail = body.length > TAIL_BYTES ? body.subarray(-TAIL_BYTES).toString("latin1") : null;
    if (tail !== null && HTML_END.test(tail)) return null;
    if (HTML_END.test(body.toString("latin1"))) return null;
    return `HTML ends without </html> after ${body.length} bytes`;
  }
  if (/\bjson\b/i.test(contentType ?? "")) {
    const text = body.toString("utf8").trimEnd();
    try {
      JSON.parse(text);
    } catch (error) {
      // Malformed JSON is the list reader's business; only an input that runs out is truncated.
      const message = (error as Error).message;
      const at = /at position (\d+)/.exec(message);
      if (/end of JSON input|Unterminated/.test(message) || (at && Number(at[1]) >= text.length)) {
        return `JSON ends early after ${body.length} bytes`;
      }
    }
  }
  return null;
}
