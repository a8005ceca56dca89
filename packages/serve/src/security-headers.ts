/**
 * The headers every response carries, and those of archived copies. The pages are static and use no
 * inline script: the policy lets them run only the site's own script files, style themselves only by
 * the layout's own `<style>` blocks (named by hash), load nothing from elsewhere, submit no form,
 * take no `<base>`, and be framed by nobody.
 */

/** The site's Content-Security-Policy; `styleHashes` are `'sha256-…'` sources of the layout's styles. */
export function sitePolicy(styleHashes: readonly string[]): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    `style-src 'self'${styleHashes.map((h) => ` ${h}`).join("")}`,
    "img-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join("; ");
}

/**
 * An archived copy's policy: a sandbox (an opaque origin, no script, no forms, no plugins) that loads
 * nothing, whatever the browser makes of the bytes.
 */
export const ARCHIVE_POLICY = "sandbox; default-src 'none'; frame-ancestors 'none'; form-action 'none'";

/** Headers of every response besides its policy. */
export const COMMON_HEADERS: Readonly<Record<string, string>> = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "X-Frame-Options": "DENY",
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Resource-Policy": "same-origin",
};

/** Where publish puts each report's source as crawled (`archive/<sha256>.<ext>`). */
export const isArchived = (relative: string) => /^archives?\//.test(relative);

/**
 * How an archived copy is served so that nothing in it runs: crawled HTML (`.html.txt`, or a `.html`
 * an earlier version named so) as text in the charset it declares, shown but never parsed as a page;
 * anything else (PDFs, which can carry script too, and unknown bytes) as a download. Either way under
 * the sandbox policy, and cached for good (the name is the content's hash).
 */
export function archiveHeaders(relative: string, head: Buffer): Record<string, string> {
  const name = relative.split("/").pop() ?? "archive";
  const headers: Record<string, string> = {
    "Content-Security-Policy": ARCHIVE_POLICY,
    "Cache-Control": "public, max-age=31536000, immutable",
  };
  if (/\.html?\.txt$|\.txt$/i.test(name)) {
    headers["Content-Type"] = `text/plain; charset=${declaredCharset(head)}`;
    return headers;
  }
  headers["Content-Disposition"] = `attachment; filename="${name.replace(/[^A-Za-z0-9._-]/g, "_")}"`;
  if (/\.pdf$/i.test(name)) headers["Content-Type"] = "application/pdf";
  else
    headers["Content-Type"] = /\.x?html?$|\.svg$|\.xml$/i.test(name)
      ? "text/plain; charset=utf-8"
      : "application/octet-stream";
  return headers;
}

/** Charsets a Chinese government page is written in, by the names pages use for them. */
const CHARSETS: Readonly<Record<string, string>> = {
  "utf-8": "utf-8",
  utf8: "utf-8",
  gbk: "gbk",
  gb2312: "gbk",
  gb18030: "gb18030",
  big5: "big5",
};

/**
 * The charset a crawled page declares (a BOM, or `charset=` in its first 2 KB), so that its text
 * shows as written; undeclared: UTF-8 when the bytes are valid UTF-8, else GB18030 (a superset of
 * GBK and GB2312, what an undeclared Chinese page most likely is).
 */
export function declaredCharset(head: Buffer): string {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return "utf-8";
  const ascii = head.subarray(0, 2048).toString("latin1");
  const declared = /charset\s*=\s*["']?([A-Za-z0-9_-]+)/i.exec(ascii)?.[1]?.toLowerCase();
  if (declared && CHARSETS[declared]) return CHARSETS[declared];
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(head.subarray(0, trimmedEnd(head)));
    return "utf-8";
  } catch {
    return "gb18030";
  }
}

/** The length of `head` without a UTF-8 sequence cut at its end (it is the start of a file). */
function trimmedEnd(head: Buffer): number {
  const end = head.length;
  for (let i = 1; i <= 3 && end - i >= 0; i++) {
    const b = head[end - i]!;
    if ((b & 0xc0) === 0xc0) return end - i;
    if ((b & 0x80) === 0) break;
  }
  return end;
}
