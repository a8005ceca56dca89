import { describe, expect, it } from "vitest";
import { type PageVisitor, walkPage } from "./page-walk.js";

/** Every event a walk gives, as a line each: `+name`, `-name`, `"text"` (text given in pieces joined). */
function events(html: string): string[] {
  const out: (string | { text: string })[] = [];
  const visitor: PageVisitor = {
    open: (name, attributes) => out.push(`+${name}${attributes.href ? ` ${attributes.href}` : ""}`),
    close: (name) => out.push(`-${name}`),
    text: (data) => {
      const last = out.at(-1);
      if (typeof last === "object") last.text += data;
      else out.push({ text: data });
    },
  };
  walkPage(html, [visitor]);
  return out.map((e) => (typeof e === "string" ? e : JSON.stringify(e.text)));
}

describe("walkPage", () => {
  it("closes a void element at once and an unclosed one where its parent ends, inside one body", () => {
    expect(events(`<div><p>一<img src="a.jpg">二</div>`)).toEqual([
      "+body",
      "+div",
      "+p",
      '"一"',
      "+img",
      "-img",
      '"二"',
      "-p",
      "-div",
      "-body",
    ]);
  });

  it("gives entities decoded and a script's inside as text, not as elements", () => {
    expect(
      events(`<a href="/r.pdf?a=1&amp;b=2">报告&lt;附件&gt;</a><script>"<a href='x'>"</script>`),
    ).toEqual([
      "+body",
      "+a /r.pdf?a=1&b=2",
      '"报告<附件>"',
      "-a",
      "+script",
      `"\\"<a href='x'>\\""`,
      "-script",
      "-body",
    ]);
  });

  it("reads the page as its nesting cap leaves it: an unclosed link is closed where the next begins", () => {
    expect(events(`<a href="/1.pdf">一<a href="/2.pdf">二`)).toEqual([
      "+body",
      "+a /1.pdf",
      '"一"',
      "-a",
      "+a /2.pdf",
      '"二"',
      "-a",
      "-body",
    ]);
  });

  it("tells every visitor each event, in the order given", () => {
    const seen: string[] = [];
    const named = (who: string): PageVisitor => ({
      open: (name) => seen.push(`${who}+${name}`),
      close: () => {},
      text: () => {},
    });
    walkPage(`<i></i>`, [named("a"), named("b")]);
    expect(seen).toEqual(["a+body", "b+body", "a+i", "b+i"]);
  });
});
