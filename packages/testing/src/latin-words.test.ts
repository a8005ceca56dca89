import { expect, it } from "vitest";
import { visibleLatinWords } from "./latin-words.js";

it("finds Latin words a reader sees, not those in markup, URLs, hashes or the allowed terms", () => {
  const sha = "a".repeat(64);
  const html = `<style>.grade{color:red}</style><p class="x">A 优秀 · 可机读（PDF） · robots协议</p>
<a href="http://a.gov.cn/x">http://a.gov.cn/x</a><td>${sha}</td><td>SHA-256</td><p>T3-A:natural_person 与 new_received</p>`;
  expect(visibleLatinWords(html)).toEqual(["T3-A:natural_person", "new_received"]);
});
