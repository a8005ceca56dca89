/** Text for HTML/SVG: every character that could open markup is an entity. */
export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );
}

/**
 * Text as a CSS string literal (with its quotes): every character but letters, digits, CJK and
 * plain spaces is a hex escape, so no text can end the string, the rule or the `<style>` element
 * it is in (`"`, `\`, `<`, a line break, a control character are all escaped).
 */
export function cssString(text: string): string {
  let out = '"';
  for (const c of text) {
    if (/[\p{L}\p{N} ·]/u.test(c)) out += c;
    else out += `\\${c.codePointAt(0)!.toString(16)} `;
  }
  return `${out}"`;
}
