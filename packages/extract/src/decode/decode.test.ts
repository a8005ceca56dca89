import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { decodeBytes } from "./detect-encoding.js";
import { fixture, fixtureNames } from "../testing/fixtures.js";
import { labelForm, solidLength, toParseForm } from "./parse-form.js";
import { isTraditional, stripPinyinAnnotations, toSimplified, traditionalShare } from "./simplify.js";

const text = "淮安市人民政府2024年政府信息公开工作年度报告，共收到申请3119件。";

describe("decodeBytes", () => {
  it("honours a UTF-8 BOM and UTF-16 BOMs", () => {
    expect(decodeBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]))).toMatchObject({
      text,
      encoding: "utf-8",
    });
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, "utf-16le")]);
    expect(decodeBytes(le)).toMatchObject({ text, encoding: "utf-16le" });
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(text, "utf-16be")]);
    expect(decodeBytes(be)).toMatchObject({ text, encoding: "utf-16be" });
  });

  it("decodes GB2312/GBK declarations as GB18030 (GBK-only characters in names survive)", () => {
    const name = "䶮珺堃淮安市人民政府";
    const bytes = iconv.encode(`<meta charset="gb2312">${name}`, "gb18030");
    expect(decodeBytes(bytes)).toMatchObject({ text: `<meta charset="gb2312">${name}`, encoding: "gb18030" });
  });

  it("reads the charset from the HTTP header before the meta tag", () => {
    const bytes = iconv.encode(`<meta charset="big5">${text}`, "gbk");
    expect(decodeBytes(bytes, { contentType: "text/html; charset=GBK" }).encoding).toBe("gb18030");
  });

  it("detects UTF-8 bytes on a page that says gb2312", () => {
    const result = decodeBytes(Buffer.from(`<meta charset="gb2312">${text}`));
    expect(result).toMatchObject({
      encoding: "utf-8",
      warnings: ["declared gb2312 but the bytes are UTF-8"],
    });
    expect(result.text).toContain(text);
  });

  it("detects GBK bytes on a page that says UTF-8", () => {
    const result = decodeBytes(iconv.encode(text, "gbk"), { contentType: "text/html; charset=utf-8" });
    expect(result).toMatchObject({ text, encoding: "gb18030" });
  });

  it("takes ASCII as UTF-8 at once, and a page whose one high byte is its last as not ASCII", () => {
    const ascii = Buffer.from(`<p>${"report ".repeat(10_000)}</p>`);
    expect(decodeBytes(ascii, { contentType: "text/html; charset=gbk" })).toMatchObject({
      text: ascii.toString("latin1"),
      encoding: "utf-8",
      declared: "gbk",
    });
    const gbkAtEnd = Buffer.concat([ascii, iconv.encode("报", "gbk")]);
    const decoded = decodeBytes(gbkAtEnd, { contentType: "text/html; charset=gbk" });
    expect([decoded.encoding, decoded.text.endsWith("</p>报")]).toEqual(["gb18030", true]);
  });

  it("sniffs Big5 against GB18030 when nothing is declared", () => {
    const traditional = "根據《中華人民共和國政府信息公開條例》，現公布本局政府信息公開工作年度報告。";
    expect(decodeBytes(iconv.encode(traditional, "big5"))).toMatchObject({
      text: traditional,
      encoding: "big5",
    });
    expect(decodeBytes(iconv.encode(text, "gbk"))).toMatchObject({ text, encoding: "gb18030" });
  });
});

describe("script normalisation", () => {
  it("strips pinyin after characters and keeps real parentheses", () => {
    const input =
      "根據(jù)《中華人民共和國(guó)政府信息公開(kāi)條例》(以下簡(jiǎn)稱《條例》)、電話(傳真)、附件(PDF)、規(guī)定(a)";
    expect(stripPinyinAnnotations(input)).toEqual({
      text: "根據《中華人民共和國政府信息公開條例》(以下簡稱《條例》)、電話(傳真)、附件(PDF)、規定(a)",
      removed: 5,
    });
  });

  it("tells traditional from simplified and converts", () => {
    expect(isTraditional("根據《中華人民共和國政府信息公開條例》")).toBe(true);
    expect(isTraditional("根据《中华人民共和国政府信息公开条例》")).toBe(false);
    expect(toSimplified("政務公開領導小組辦公室")).toBe("政务公开领导小组办公室");
  });

  it("measures the traditional share code point by code point", () => {
    expect(traditionalShare("")).toBe(0);
    expect(traditionalShare("abc")).toBe(0);
    // 5 CJK characters, 2 of them traditional; the emoji (two code units) and ASCII are not counted.
    expect(traditionalShare("😀開a發展公开")).toBe(2 / 5);
    expect(traditionalShare("根據條例")).toBe(0.5);
    // Walked by code unit until a surrogate, then again by code point: a lone one is one step.
    expect(traditionalShare("開\ud800發展")).toBe(2 / 3);
    expect(traditionalShare("開發展公开".repeat(3000) + "😀")).toBe(2 / 5);
  });

  it("folds full-width forms one character for one character", () => {
    const original = "０４７８—５２１２４７１（传真）：　共１２件";
    const parse = toParseForm(original);
    expect(parse).toBe("0478-5212471(传真): 共12件");
    expect(parse.length).toBe(original.length);
    expect(labelForm("商 业\n企　业")).toBe("商业企业");
  });

  it("folds as one character at a time would, at the edges and between runs", () => {
    // The plain definition, character by character: the fast one must agree with it everywhere.
    const oneByOne = (text: string) =>
      [...Array(text.length).keys()]
        .map((i) => {
          const code = text.charCodeAt(i);
          const digit = (j: number) => /[0-9０-９]/.test(text[j] ?? "");
          if (code >= 0xff01 && code <= 0xff5e) return String.fromCharCode(code - 0xfee0);
          if (code === 0x3000 || code === 0x00a0) return " ";
          if ((code === 0x2014 || code === 0x2013 || code === 0x2212) && digit(i - 1) && digit(i + 1))
            return "-";
          return text[i];
        })
        .join("");
    const texts = [
      "",
      "１",
      "—",
      "１—２",
      "a\u00a0b\u3000",
      "全年共受理申请１２件，其中—2—3−4–５",
      "\ud83d\ude00１\ud800",
      ...fixtureNames("seeds").map((name) => fixture(`seeds/${name}`).toString("utf8")),
    ];
    for (const text of texts) expect(toParseForm(text)).toBe(oneByOne(text));
    // Label form in one pass: the parse form without what `\s` matches, every such character included.
    const everySpace = "\t\n\v\f\r \u00a0\u1680\u2000\u2005\u200a\u2028\u2029\u202f\u205f\u3000\ufeff";
    expect(everySpace.replace(/\s/g, "")).toBe("");
    for (const text of [...texts, `１${everySpace}—${everySpace}２`, `a${everySpace}b\u200b`])
      expect(labelForm(text)).toBe(oneByOne(text).replace(/\s+/g, ""));
    for (const text of [...texts, everySpace, `a${everySpace}b`])
      expect(solidLength(text)).toBe(text.replace(/\s+/g, "").length);
    const plain = "没有全角字符的一行";
    expect(toParseForm(plain)).toBe(plain);
  });
});
