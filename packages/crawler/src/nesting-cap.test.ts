import { describe, expect, it } from "vitest";
import { findLinks } from "./page-links.js";
import { capNesting } from "./nesting-cap.js";

describe("capNesting", () => {
  it("keeps a page that nests less than the cap as it is", () => {
    const html = `<div><ul><li><a href="/a">甲</a><li>乙<p>丙<p>丁</ul><br><img src=x></div><script>if (a<b) x="<div>"</script>`;
    expect(capNesting(html, 3)).toBe(html);
  });

  it("drops opening tags beyond the cap and the closing tags that matched them, keeping the content", () => {
    expect(capNesting("<div><div><div><span>x</span></div></div></div>", 2)).toBe("<div><div>x</div></div>");
    expect(capNesting("<b><i><u>1</u>2</i>3</b>", 1)).toBe("<b>123</b>");
    expect(capNesting("<div><div><a href=x>1</a></div></div>", 1)).toBe("<div><a href=x>1</a></div>");
  });

  it("closes an unclosed link where the next begins, so that links never nest", () => {
    expect(capNesting("<a href=1>x<a href=2>y<a href=3>z</a>")).toBe(
      "<a href=1>x</a><a href=2>y</a><a href=3>z</a>",
    );
  });

  it("ignores what looks like tags inside scripts and styles, and text that is not a tag", () => {
    const html = `<div><script>"<div><div><div>"</script>a < b <3 <<< </div>`;
    expect(capNesting(html, 1)).toBe(html);
  });

  it("finds the end of a script after text whose lowercase is longer (İ), and goes on capping after it", () => {
    // Before: the end of a script was looked for in a lowercased copy of the page, where "İ" is two
    // characters: its position there fell one character into "</script>" here, "/script>" was taken
    // for a new script, which never ended, and nothing after it was capped.
    const html = `İ<SCRIPT>x()</Script>${"<div>".repeat(5)}链接`;
    expect(capNesting(html, 2)).toBe(`İ<SCRIPT>x()</Script><div><div>链接`);
  });

  it("lets 200,000 unclosed <div>s be read for their links (htmlparser2 took minutes on them)", () => {
    const n = 200_000;
    const html = `${"<div>".repeat(n)}<a href="/art/1.html">2023年政府信息公开工作年度报告</a> 2024-01-15`;
    const capped = capNesting(html);
    expect(capped.length).toBe(html.length - (n - 256) * 5);
    expect(findLinks(html, "http://a.gov.cn/")).toEqual([
      { url: "http://a.gov.cn/art/1.html", title: "2023年政府信息公开工作年度报告", date: "2024-01-15" },
    ]);
  });
});
