import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const layout = fileURLToPath(new URL("../../templates/partials/layout.hbs", import.meta.url));

/**
 * The CSP hashes (`'sha256-…'`) of the layout's inline `<style>` blocks: a server can then allow
 * exactly the pages' own styles (`style-src 'sha256-…'`) and no other inline style. Pages carry no
 * `style` attribute, so the blocks are all a page's inline styling. The current layout has none (it
 * links `assets/touming-<hash>.css`, allowed as `'self'`): the list is empty unless a layout adds one.
 */
export function pageStyleHashes(): string[] {
  const text = readFileSync(layout, "utf8");
  return [...text.matchAll(/<style>([\s\S]*?)<\/style>/g)].map(
    (m) => `'sha256-${createHash("sha256").update(m[1]!, "utf8").digest("base64")}'`,
  );
}
