/**
 * Latin words an official Chinese page may show besides URLs and hashes: the grade letters, the
 * SHA-256 label, the product's name, and terms Chinese officials write in Latin letters themselves
 * (a PDF 文档, the robots协议).
 */
const ALLOWED = new Set(["SHA-256", "Touming", "PDF", "robots"]);

/**
 * The Latin words in the text a reader sees on a page: scripts, styles and tags gone, entities
 * decoded, URLs and 64-digit hashes taken out, grade letters and ALLOWED words left out.
 */
export function visibleLatinWords(html: string): string[] {
  const text = html
    .replace(/<(script|style)[^>]*>[^]*?<\/\1>/gi, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&")
    .replace(/https?:\/\/\S+/g, " ")
    .replace(/\b[0-9a-f]{64}\b/g, " ");
  return [...text.matchAll(/[A-Za-z][A-Za-z0-9_.:-]*/g)]
    .map((m) => m[0].replace(/[.:-]+$/, ""))
    .filter((w) => !/^[A-F]$/.test(w) && !ALLOWED.has(w));
}
