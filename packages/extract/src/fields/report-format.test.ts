import { describe, expect, it } from "vitest";
import { decideFormat } from "./report-format.js";

const decide = (text: string, year: number | null = 2021, tableFormat: "2019" | "2021" | null = null) =>
  decideFormat({ text, tableFormat, tableValues: tableFormat ? 100 : 0, year });

describe("decideFormat: the format from what the document prints", () => {
  it("a one-line dump of a 2021 report whose cells run together: 2021, tables unreadable with the reason", () => {
    // 平潭综合实验区 2021, as another crawler dumped it.
    const text =
      "第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章000行政规范性文件693665 … 一、本年新收政府信息公开申请数量640020470二、上年结转政府信息公开申请数量0000000三、本年度办理结果（一）予以公开270020130 … 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请0000000";
    const decided = decide(text);
    expect(decided.format).toBe("2021");
    expect(decided.evidence[0]).toBe(
      "2021 form labels: 「申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请」「本年制发件数」「本年废止件数」「现行有效件数」",
    );
    expect(decided.tables).toEqual({
      state: "unreadable",
      reason:
        "the table cells are run together without separators (「本年新收政府信息公开申请数量640020470」): no cell can be told from the next",
    });
  });

  it("a citation of the notice that prescribed the form decides it", () => {
    const decided = decide("按照国办公开办函〔2021〕30号要求，编制本报告。", 2022);
    expect(decided.format).toBe("2021");
    expect(decided.evidence).toEqual(["cites 国办公开办函〔2021〕30号, which prescribes the 2021 form"]);
  });

  it("2019 labels are not found inside 2021 ones (处理决定数量 in 本年处理决定数量)", () => {
    expect(decide("第二十条第（五）项 信息内容 本年处理决定数量 行政许可 2293", 2021).format).toBe("2021");
    expect(decide("第二十条第（五）项 信息内容 上一年项目数量 本年增/减 处理决定数量", 2020).format).toBe(
      "2019",
    );
  });

  it("headings and row labels the forms share: the report year picks the form", () => {
    const text =
      "三、收到和处理政府信息公开申请情况 一、本年新收政府信息公开申请数量 二、上年结转政府信息公开申请数量 四、结转下年度继续办理 四、政府信息公开行政复议、行政诉讼情况";
    expect([decide(text, 2020).format, decide(text, 2023).format]).toEqual(["2019", "2021"]);
    expect(decide(text, 2020).evidence.at(-1)).toBe("the 2019 form is the one prescribed for 2020");
  });

  it("prose that names 规范性文件 or 行政许可 is not a form; the tables read decide over any label", () => {
    const legacy = decide("2011年，我区清理规范性文件12件，公开行政许可事项。", 2011);
    expect(legacy).toEqual({ format: "legacy", evidence: [], tables: { state: "absent", reason: null } });
    expect(decide("本年新制作数量", 2024, "2021")).toMatchObject({
      format: "2021",
      tables: { state: "read", reason: null },
    });
  });
});

describe("a scan's table layout", () => {
  it("gives way to labels only the other form prints, and decides alone when there are none", () => {
    const text = "二、主动公开政府信息情况 信息内容 本年处理决定数量 行政许可";
    const scanned = decideFormat({ text, tableFormat: "2019", tableValues: 150, year: 2024, scanned: true });
    expect(scanned.format).toBe("2021");
    expect(scanned.evidence).toContain("a scan's table layout gives way to the 2021 form's labels");
    // Read from a text layer, the layout read is the format.
    expect(decideFormat({ text, tableFormat: "2019", tableValues: 150, year: 2024 }).format).toBe("2019");
    // A scan with no label of either form keeps its layout.
    expect(
      decideFormat({ text: "行政许可", tableFormat: "2019", tableValues: 150, year: 2024, scanned: true })
        .format,
    ).toBe("2019");
  });
});
