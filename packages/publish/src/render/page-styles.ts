import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const layout = fileURLToPath(new URL("../../templates/partials/layout.hbs", import.meta.url));

/**
 * The CSP hashes (`'sha256-…'`) of the layout's inline `<style>` blocks: a server can then allow
 * exactly the pages' own styles (`style-src 'sha256-…'`) and no other inline style. Pages carry no
 * `style` attribute, so the blocks are all a page's styling. Pages published by an older layout need
 * publishing again (a changed template renews every page anyway).
 */
export function pageStyleHashes(): string[] {
  const text = readFileSync(layout, "utf8");
  return [...text.matchAll(/<style>([\s\S]*?)<\/style>/g)].map(
    (m) => `'sha256-${createHash("sha256").update(m[1]!, "utf8").digest("base64")}'`,
  );
}
