import { afterEach, describe, expect, it, vi } from "vitest";
import { antiBotReason, antiBotReasonOfBody } from "./anti-bot.js";

const challenge = `<html><head><script>$_ts=window['$_ts'];</script></head><body></body></html>`;
const cookie = `<script>document.cookie="a=1";location.reload();</script>`;

describe("the anti-bot test of a body not decoded yet", () => {
  afterEach(() => vi.restoreAllMocks());

  it.each([
    ["a 瑞数 page", 412, challenge],
    ["a cookie challenge", 200, cookie],
    ["a script-only page of 4,095 characters", 202, `<script>${"x".repeat(4078)}</script>`],
    ["a script-only page of 4,096 characters", 202, `<script>${"x".repeat(4079)}</script>`],
    [
      "a page of 4,000 CJK characters and a script (12,000 bytes)",
      412,
      `<script></script>${"字".repeat(4000)}`,
    ],
    ["a large page with a challenge's mark in its head", 200, `${challenge}${"<p>正文</p>".repeat(5000)}`],
    ["a large page with the mark past its head", 200, `${"<p>正文</p>".repeat(5000)}${challenge}`],
    ["a page of four-byte characters", 412, `<script>${"𠀀".repeat(5000)}</script>`],
    ["a large report", 200, "<p>政府信息公开工作年度报告</p>".repeat(20_000)],
  ])("answers as the test of the decoded text: %s", (_, status, text) => {
    const expected = antiBotReason(status, text);
    expect(antiBotReasonOfBody(status, Buffer.from(text, "utf8"))).toBe(expected);
    expect(antiBotReasonOfBody(status, Buffer.from(text, "latin1"), "latin1")).toBe(
      antiBotReason(status, Buffer.from(text, "latin1").toString("latin1")),
    );
  });

  it("decodes only the head of a large body", () => {
    const decoded: number[] = [];
    const toString = Buffer.prototype.toString;
    vi.spyOn(Buffer.prototype, "toString").mockImplementation(function (this: Buffer, ...args) {
      decoded.push(this.length);
      return toString.apply(this, args as Parameters<typeof toString>);
    });
    const pdf = Buffer.alloc(8 << 20, 0x25);
    expect(antiBotReasonOfBody(200, pdf)).toBeNull();
    expect(Math.max(...decoded)).toBeLessThanOrEqual(3072 * 4);
  });
});

describe("antiBotReason", () => {
  it.each([
    [
      "$_ts with spaces before =",
      200,
      "<script>$_ts  = {};</script><p>正文</p>",
      "瑞数-style JavaScript challenge (HTTP 200)",
    ],
    ["r='m'", 202, `<script>var r='m';</script>`, "瑞数-style JavaScript challenge (HTTP 202)"],
    ['r="m"', 412, `<script>var r="m";</script>`, "瑞数-style JavaScript challenge (HTTP 412)"],
    ["r='m' inside a longer name", 200, `<script>var xr='m';</script><p>${"正文".repeat(40)}</p>`, null],
    ["$_ts not assigned", 200, `<script>f($_ts)</script><p>${"正文".repeat(40)}</p>`, null],
    ["a cookie challenge of script alone", 200, cookie, "JavaScript cookie challenge (HTTP 200)"],
    [
      "a page with text and a setTimeout",
      200,
      `<script>setTimeout(f, 9)</script><p>${"正文".repeat(40)}</p>`,
      null,
    ],
    [
      "a script-only page, no cookie marks",
      412,
      "<script>var a = 1;</script>",
      "script-only challenge page (HTTP 412)",
    ],
    ["a script-only 200 without cookie marks", 200, "<script>var a = 1;</script>", null],
  ])("%s", (_, status, text, expected) => {
    expect(antiBotReason(status, text)).toBe(expected);
  });
});
