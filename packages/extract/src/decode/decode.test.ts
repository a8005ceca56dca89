import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { decodeBytes } from "./detect-encoding.js";
import { labelForm, toParseForm } from "./parse-form.js";
import { isTraditional, stripPinyinAnnotations, toSimplified } from "./simplify.js";

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

  it("folds full-width forms one character for one character", () => {
    const original = "０４７８—５２１２４７１（传真）：　共１２件";
    const parse = toParseForm(original);
    expect(parse).toBe("0478-5212471(传真): 共12件");
    expect(parse.length).toBe(original.length);
    expect(labelForm("商 业\n企　业")).toBe("商业企业");
  });
});
