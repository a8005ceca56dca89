import { describe, expect, it } from "vitest";
import { antiBotReason, redirectShellTarget } from "./anti-bot.js";
import { visibleTextLength } from "./visible-text.js";

describe("visibleTextLength", () => {
  it.each([
    ["<p>正文 内容</p>", 4],
    ["<script>var a = '<b>';</script><b>ab</b>", 2],
    ["a < b", 3],
    ["<div\n class=x>\u3000 x\u00a0</div>", 1],
    ["<script>var unclosed = 1;", 14],
    ["", 0],
  ])("%j shows %i characters", (html, n) => {
    expect(visibleTextLength(html, 100)).toBe(n);
  });

  it("stops counting past its limit", () => {
    expect(visibleTextLength("x".repeat(10_000), 20)).toBe(21);
  });

  // Before: tags and scripts were stripped with backtracking regexes over the whole body, so these
  // took minutes (320 KB of `<`: 68 s) on the crawl's main thread. One pass each now.
  it("reads floods of `<` and of unclosed scripts of the size cap in one pass", () => {
    // Without a `>`, a `<` is text; up to the one `>`, everything is one tag.
    expect(visibleTextLength("<".repeat(5 << 20), 1 << 30)).toBe(5 << 20);
    expect(visibleTextLength("<script".repeat(700_000), 1 << 30)).toBe(7 * 700_000);
    expect(visibleTextLength("<a".repeat(2 << 20) + ">", 1 << 30)).toBe(0);
    expect(antiBotReason(200, "<".repeat(5 << 20))).toBeNull();
    expect(antiBotReason(412, "<script".repeat(700_000))).toBeNull();
    expect(redirectShellTarget("<".repeat(5 << 20), "http://a.gov.cn/")).toBeNull();
  });
});
