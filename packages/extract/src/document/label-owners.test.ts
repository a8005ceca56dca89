import { describe, expect, it } from "vitest";
import { labelOwners } from "./label-owners.js";

/** A fragment as a PDF's text layer gives it: 10.5-point CJK, 5.25 points a digit or stop. */
const at = (y: number, x: number, text: string, ocr?: boolean) => {
  const width = [...text].reduce((w, ch) => w + (/[\u2e80-\u9fff\uff00-\uffef]/.test(ch) ? 10.5 : 5.25), 0);
  return { item: { text, x, y, width, ...(ocr ? { ocr: true } : {}) }, row: { page: 2, y } };
};

describe("the rows of table 三's labels", () => {
  // Table 三's （五） and （六） groups as Chromium prints the demo's 临江市财政局 report (coordinates
  // from its text layer): labels centred in a narrow column, wrapped over three lines, so that a
  // label's last line lies as near the next row's figures as its own.
  const A = { page: 2, y: 321 }; // 5.要求行政机关确认或重新出具已获取信息
  const B = { page: 2, y: 281.1 }; // 1.申请人无正当理由逾期不补正…
  const C = { page: 2, y: 235.4 }; // 2.申请人逾期未按收费通知要求缴纳费用…
  const D = { page: 2, y: 202.4 }; // 3.其他
  const fragments = [
    at(327.6, 193.7, "5."),
    at(327.6, 203.7, "要求行政机关确认或重新出具"),
    at(314.1, 240.7, "已获取信息"),
    at(295.4, 199.0, "1."),
    at(295.4, 209.0, "申请人无正当理由逾期不补"),
    at(281.1, 193.5, "正、行政机关不再处理其政府信"),
    at(267.6, 240.7, "息公开申请"),
    at(255.6, 139.7, "（六）其"),
    at(248.9, 193.7, "2."),
    at(248.9, 203.7, "申请人逾期未按收费通知要求"),
    at(242.1, 145.0, "他处理"),
    at(235.4, 193.5, "缴纳费用、行政机关不再处理其"),
    at(221.9, 225.0, "政府信息公开申请"),
    at(202.4, 251.5, "3."),
    at(202.4, 261.5, "其他"),
  ];
  const rowOf = (owner: Map<(typeof fragments)[number], typeof A>, text: string) =>
    owner.get(fragments.find((f) => f.item.text === text)!);

  it("gives each wrapped label whole to the row of figures within its lines", () => {
    const { owner } = labelOwners(fragments, [A, B, C, D]);
    expect(rowOf(owner, "已获取信息")).toBe(A);
    for (const text of ["申请人无正当理由逾期不补", "正、行政机关不再处理其政府信", "息公开申请"])
      expect(rowOf(owner, text)).toBe(B);
    // Nearer C's figures than B's (13.5 points against 32): the last line of B's label… of C's own.
    for (const text of ["申请人逾期未按收费通知要求", "缴纳费用、行政机关不再处理其", "政府信息公开申请"])
      expect(rowOf(owner, text)).toBe(C);
    expect(rowOf(owner, "其他")).toBe(D);
  });

  it("reads a number with a full-width stop (1．) as a label's start too", () => {
    // The same rows with 1． and 2． as a PDF typed with full-width stops prints them.
    const wide = fragments.map((f) =>
      /^[12]\.$/.test(f.item.text) ? at(f.row.y, f.item.x, f.item.text.replace(".", "．")) : f,
    );
    const { owner } = labelOwners(wide, [A, B, C, D]);
    const of = (text: string) => owner.get(wide.find((f) => f.item.text === text)!);
    for (const text of [
      "申请人无正当理由逾期不补",
      "正、行政机关不再处理其政府信",
      "息公开申请",
      "（六）其",
      "他处理",
    ])
      expect(of(text)).toBe(B);
    for (const text of ["申请人逾期未按收费通知要求", "缴纳费用、行政机关不再处理其", "政府信息公开申请"])
      expect(of(text)).toBe(C);
  });

  it("gives a group label to the first row of its group, not the row nearest it", () => {
    const { owner } = labelOwners(fragments, [A, B, C, D]);
    // （六）其 and 他处理 lie nearer C; the group starts at B (1.).
    expect(rowOf(owner, "（六）其")).toBe(B);
    expect(rowOf(owner, "他处理")).toBe(B);
  });

  it("gives a group label printed at the top of its cell to its first row, whose figures are centred lower", () => {
    // As Word prints by default: （五） on its first row's first line; that row's label wraps, its
    // figures centred between its two lines, below the group label's line by most of a character.
    const P = { page: 2, y: 500 };
    const Q = { page: 2, y: 463 };
    const R = { page: 2, y: 440 };
    const word = [
      at(500, 230, "1."),
      at(500, 240, "本机关不掌握相关政府信息"),
      at(470, 140, "（五）不予处理"),
      at(470, 230, "1."),
      at(470, 240, "信访举报投诉类申请及其他"),
      at(456.5, 240, "不予处理的申请"),
      at(440, 230, "2."),
      at(440, 240, "重复申请"),
    ];
    const { owner } = labelOwners(word, [P, Q, R]);
    expect(owner.get(word[2]!)).toBe(Q);
    expect(owner.get(word[5]!)).toBe(Q);
    expect(owner.get(word[7]!)).toBe(R);
  });

  it("says which fragment starts the label each line is part of", () => {
    const { startOf } = labelOwners(fragments, [A, B, C, D]);
    const item = (text: string) => fragments.find((f) => f.item.text === text)!.item;
    expect(startOf.get(item("息公开申请"))).toBe(item("1."));
    expect(startOf.get(item("政府信息公开申请"))).toBe(item("2."));
    expect(startOf.get(item("他处理"))).toBe(item("（六）其"));
    expect(startOf.get(item("1."))).toBe(item("1."));
  });

  it("leaves OCR's runs, one to a cell already, to the nearest row", () => {
    const ocr = [at(267.6, 240.7, "息公开申请", true), at(221.9, 225.0, "政府信息公开申请", true)];
    const { owner, startOf } = labelOwners(ocr, [A, B, C, D]);
    expect(owner.get(ocr[0]!)).toBe(B);
    expect(owner.get(ocr[1]!)).toBe(C);
    expect(startOf.size).toBe(0);
  });

  it("gives a fragment under no numbered label the nearest row, and none farther than 40 points", () => {
    const stray = [at(300, 400, "说明"), at(100, 200, "备注")];
    const { owner } = labelOwners(stray, [A, B, C, D]);
    expect(owner.get(stray[0]!)).toBe(B);
    expect(owner.has(stray[1]!)).toBe(false);
  });
});
