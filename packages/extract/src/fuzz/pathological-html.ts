/** Pages no CMS should produce but a broken or hostile one might, each named for what it stresses. */
export interface PathologicalPage {
  name: string;
  /** Built when the case runs: some pages are tens of megabytes. */
  html: () => string;
}

const REPORT_LINE = "一、总体情况 本年新收政府信息公开申请数量";

export function pathologicalPages(): PathologicalPage[] {
  const rows = (n: number, cells: number) =>
    Array.from(
      { length: n },
      (_, r) => `<tr>${Array.from({ length: cells }, (_, c) => `<td>${r * cells + c}</td>`).join("")}</tr>`,
    ).join("");
  return [
    { name: "100k nested divs, never closed", html: () => "<div>".repeat(100_000) + REPORT_LINE },
    {
      name: "100k nested divs, closed",
      html: () => "<div>".repeat(100_000) + REPORT_LINE + "</div>".repeat(100_000),
    },
    { name: "100k nested spans", html: () => `<body>${"<span>".repeat(100_000)}${REPORT_LINE}` },
    { name: "100k unclosed bold tags", html: () => `<body><p>${"<b>".repeat(100_000)}${REPORT_LINE}` },
    { name: "20k nested tables", html: () => `<body>${"<table><tr><td>".repeat(20_000)}${REPORT_LINE}` },
    {
      // Each paragraph reopens every formatting element left open before it: quadratic elements.
      name: "formatting elements reopened in every paragraph",
      html: () => `<body>${Array.from({ length: 5_000 }, (_, i) => `<p><font id=f${i}>${i}</p>`).join("")}`,
    },
    {
      name: "a 16 MB attribute",
      html: () => `<div class="TRS_Editor" title="${"属".repeat(5_000_000)}">${REPORT_LINE}</div>`,
    },
    {
      name: "a 16 MB style attribute on every one of 4 cells",
      html: () => `<table><tr>${`<td style="${"color:red;".repeat(400_000)}">1</td>`.repeat(4)}</tr></table>`,
    },
    { name: "a table of 10k rows", html: () => `<body><table>${rows(10_000, 3)}</table>` },
    { name: "a table of 60k rows", html: () => `<body><table>${rows(60_000, 3)}</table>` },
    {
      name: "a table of 300k cells in one row",
      html: () => `<body><table>${rows(1, 300_000)}${rows(1, 2)}</table>`,
    },
    {
      name: "cells spanning 2^31 rows and columns",
      html: () =>
        `<table>${`<tr><td rowspan="2147483647" colspan="2147483647">本年新收</td><td>1</td></tr>`.repeat(2_000)}</table>`,
    },
    {
      name: "200k stray end tags inside 500 spans",
      html: () => `<body>${"<span>".repeat(500)}${"</x>".repeat(200_000)}${REPORT_LINE}`,
    },
    { name: "a 10 MB paragraph", html: () => `<body><p>${"政府信息公开".repeat(600_000)}</p>` },
    {
      name: "a million <br>",
      html: () => `<body><div class="TRS_Editor">${"行<br>".repeat(1_000_000)}</div>`,
    },
    {
      name: "unterminated comment and script",
      html: () => `<body><p>${REPORT_LINE}</p><!-- ${"<div>".repeat(50_000)}<script>${"<p>".repeat(50_000)}`,
    },
  ];
}
