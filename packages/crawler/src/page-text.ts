/**
 * Decodes a fetched page for link discovery: the header's or the page's charset, GB labels as
 * GB18030, and invalid UTF-8 read as GB18030 (small bureau sites rarely declare anything).
 */
export function decodePage(body: Uint8Array, contentType: string | null): string {
  const declared =
    /charset\s*=\s*["']?([\w-]+)/i.exec(contentType ?? "")?.[1] ??
    /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(
      Buffer.from(body.subarray(0, 4096)).toString("latin1"),
    )?.[1];
  const label = (declared ?? "").toLowerCase();
  const gb = /^(gb2312|gbk|gb18030|x-gbk|cp936)$/.test(label);
  if (!gb && label !== "big5") {
    try {
      return new TextDecoder("utf-8", { fatal: true }).decode(body);
    } catch {
      // Not UTF-8 whatever it claims: the GB family is the usual truth.
    }
  }
  return new TextDecoder(label === "big5" ? "big5" : "gb18030").decode(body);
}
