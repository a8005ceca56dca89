// One way for every benchmark to state a figure against its target, so `npm run bench -- all` can
// print them in one table. A figure is printed twice: a line for people, and a machine line
// (FIGURE_MARK + JSON) that bench/run.mjs collects from the benchmark's output.
export const FIGURE_MARK = "::figure::";

/**
 * Prints one figure.
 * - name: what is measured ("PDF cards", "extract HTML/text")
 * - value: the figure with its unit ("12.4 PDFs/s")
 * - anchor: what it is compared with, measured in the same run ("pdftotext -layout 3.6 ms/page"), or null
 * - ratio: the figure over the anchor as the target states it ("2.1×", "74%"), or null
 * - target: the target as the issue states it ("≥ 10 PDFs/s", "≤ 3× pdftotext")
 * - met: whether the target is met (false when it is not, null when this size cannot judge it)
 */
export function figure({ name, value, anchor = null, ratio = null, target, met }) {
  const verdict = met === null ? "not judged at this size" : met ? "met" : "NOT met";
  const against = anchor ? ` against ${anchor}${ratio ? ` (${ratio})` : ""}` : "";
  console.log(`${name}: ${value}${against}; target ${target}: ${verdict}`);
  console.log(FIGURE_MARK + JSON.stringify({ name, value, anchor, ratio, target, met }));
}
