/**
 * Content negotiation: which compression a client accepts (`Accept-Encoding`, with q-values), and
 * whether its `If-None-Match` names the file's current content.
 */

/** Brotli when accepted, else gzip, else none; `q=0` refuses a coding. */
export function chooseEncoding(header: string | undefined): "br" | "gzip" | "identity" {
  if (!header) return "identity";
  const accepted = new Map<string, number>();
  for (const part of header.split(",")) {
    const [name, ...params] = part.trim().toLowerCase().split(";");
    if (!name) continue;
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    accepted.set(name, q === undefined ? 1 : Number(q));
  }
  const ok = (name: string) => (accepted.get(name) ?? accepted.get("*") ?? 0) > 0;
  return ok("br") ? "br" : ok("gzip") ? "gzip" : "identity";
}

/**
 * Whether `If-None-Match` matches the content hash: `*`, or any tag (weak or strong, of any of the
 * file's encodings: the same content) that is it. Weak comparison, as RFC 9110 asks for this header.
 */
export function etagMatches(header: string | undefined, tag: string): boolean {
  if (!header) return false;
  if (header.trim() === "*") return true;
  return header.split(",").some((t) => {
    const m = /^\s*(?:W\/)?"([^"]*)"\s*$/.exec(t);
    return m !== null && m[1]!.replace(/-(br|gz)$/, "") === tag;
  });
}
