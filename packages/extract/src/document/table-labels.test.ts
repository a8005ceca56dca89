import { describe, expect, it } from "vitest";
import {
  formLabelLikeness,
  isProactiveCaption,
  matchApplicationColumn,
  isSectionHeading,
  matchApplicationLabel,
  matchProactiveColumn,
  matchProactiveRow,
  matchReviewGroup,
  matchReviewOutcome,
  splitNumbering,
  splitRunTogetherLabels,
} from "./table-labels.js";

const row = (label: string, group: Parameters<typeof matchApplicationLabel>[1] = null) =>
  matchApplicationLabel(label, group)?.row;

describe("table 三's printed labels", () => {
  it("match the form's rows whatever the numbering, spaces and punctuation", () => {
    expect(row("一、本年新收政府信息公开申请数量")).toBe("new_received");
    expect(row("本年新收政府信息公开申请数量")).toBe("new_received");
    expect(row("上年结转政府信息公开申请数量")).toBe("carried_over");
    expect(row("(一) 予以公开")).toBe("granted");
    expect(row("部分公开 (区分处理的, 只计这一情形, 不计其他情形)")).toBe("partially_granted");
    expect(row("1. 属于国家秘密")).toBe("withheld.state_secret");
    expect(row("3. 危及“三安全一稳定”")).toBe("withheld.security_stability");
    expect(row("2. 重复申请", "not_processed")).toBe("not_processed.repeat");
    expect(row("（七）总计")).toBe("handled_total");
    expect(row("四、结转下年度继续办理")).toBe("carried_forward");
    expect(row("2. 申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请")).toBe(
      "other_handling.fee_unpaid",
    );
  });

  it("reads a typo as the row it is most like", () => {
    expect(row("2.其他法律行政止公开", "withheld")).toBe("withheld.law_forbidden");
  });

  it("tells a group heading from a row by its numbering: (六) 其他 heads 其他处理, 3. 其他 is its row", () => {
    expect(matchApplicationLabel("(六) 其他")).toMatchObject({ group: "other_handling", heading: true });
    expect(matchApplicationLabel("(三) 不予公开")).toMatchObject({ group: "withheld", heading: true });
    expect(matchApplicationLabel("三、本年度办理结果")).toMatchObject({ group: null, heading: true });
    expect(row("3. 其他", "other_handling")).toBe("other_handling.misc");
    // A bare 其他 outside its group is no row.
    expect(row("其他")).toBeUndefined();
    // 2019's single row is both a row and a heading.
    expect(matchApplicationLabel("（六）其他处理")).toMatchObject({
      row: "other_handling.total",
      heading: true,
    });
  });

  it("matches nothing that is not a label of the form", () => {
    expect(matchApplicationLabel("数据1")).toBeNull();
    expect(
      matchApplicationLabel("本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和"),
    ).toBeNull();
    expect(matchApplicationLabel("2025年，我县坚持以群众需求为导向")).toBeNull();
  });

  it("splits a cell holding a group heading and a row", () => {
    expect(splitRunTogetherLabels("（三）不予公开 1.属于国家秘密")).toEqual([
      "(三)不予公开",
      "1.属于国家秘密",
    ]);
    expect(splitRunTogetherLabels("3.危及“三安全一稳定”")).toEqual(["3.危及“三安全一稳定”"]);
  });

  it("matches the columns, and not a row name put over a column", () => {
    expect(matchApplicationColumn("自然人")).toBe("natural_person");
    expect(matchApplicationColumn("法人或其他组织/商业企业")).toBe("commercial");
    expect(matchApplicationColumn("公益组织")).toBe("social_org");
    expect(matchApplicationColumn("法人或其他组织/其他")).toBe("other_org");
    expect(matchApplicationColumn("总计")).toBe("total");
    expect(matchApplicationColumn("小计")).toBe("subtotal");
    expect(matchApplicationColumn("数据1")).toBeNull();
    expect(matchApplicationColumn("本年新收件数")).toBeNull();
    expect(matchApplicationColumn("予以公开")).toBeNull();
  });
});

describe("numbering", () => {
  it("is read in its three levels", () => {
    expect(splitNumbering("三、本年度办理结果").numbering).toEqual({ level: "top", n: "三" });
    expect(splitNumbering("（三）不予公开").numbering).toEqual({ level: "sub", n: "三" });
    expect(splitNumbering("3．其他").numbering).toEqual({ level: "leaf", n: "3" });
    expect(splitNumbering("### (六) 其他").numbering).toEqual({ level: "sub", n: "六" });
    // A scan read with a book-title mark for the bracket, and 予 read as 子: still the row.
    expect(splitNumbering("《一)子以公开").numbering).toEqual({ level: "sub", n: "一" });
    expect(matchApplicationLabel("《一)子以公开")?.row).toBe("granted");
    expect(splitNumbering("2025年").numbering).toBeNull();
  });

  it("takes a table's title whose numbering a scan lost for a section heading", () => {
    expect(isSectionHeading("四、政府信息公开行政复议、行政诉讼情况")).toBe(true);
    expect(isSectionHeading("、政府信息公开行政复议、行政诉讼情况")).toBe(true);
    expect(isSectionHeading("收到和处理政府信息公开申请情况")).toBe(true);
    expect(isSectionHeading("四、结转下年度继续办理")).toBe(false);
    expect(isSectionHeading("行政复议")).toBe(false);
    expect(isSectionHeading("（一）予以公开")).toBe(false);
  });
});

describe("tables 二 and 四", () => {
  it("match table 二's rows, columns and captions", () => {
    expect(matchProactiveRow("规章")).toBe("rules");
    expect(matchProactiveRow("行政规范性文件")).toBe("normative_docs");
    expect(matchProactiveRow("行政事业性收费")).toBe("fees");
    expect(matchProactiveRow("数据1")).toBeNull();
    expect(matchProactiveColumn("本年制发件数")).toBe("issued");
    expect(matchProactiveColumn("本年收费金额（单位：万元）")).toBe("amount_10k_yuan");
    expect(matchProactiveColumn("本年处理决定数量")).toBe("decisions");
    expect(isProactiveCaption("第二十条 第（八）项")).toBe(true);
    expect(isProactiveCaption("第二十条第（一）项规定的信息")).toBe(false);
  });

  it("match table 四's groups and outcomes", () => {
    expect(matchReviewGroup("行政复议")).toBe("review");
    expect(matchReviewGroup("行政诉讼（未经复议直接起诉）")).toBe("litigation_direct");
    expect(matchReviewGroup("行政诉讼/复议后起诉/结果维持")).toBe("litigation_after_review");
    expect(matchReviewGroup("结果维持")).toBeNull();
    expect(matchReviewOutcome("结果维持")).toBe("upheld");
    expect(matchReviewOutcome("尚未审结")).toBe("pending");
    expect(matchReviewOutcome("行政复议/总计")).toBe("total");
    expect(matchReviewOutcome("数据1")).toBeNull();
  });
});

describe("likeness to any of the forms' labels", () => {
  it("knows table 二's block captions, so the right reading of a caption cell wins over a garbled one", () => {
    expect(formLabelLikeness("第二十条第(一)项")).toBeGreaterThan(0.9);
    expect(formLabelLikeness("第二十条第(一)项")).toBeGreaterThan(
      formLabelLikeness("第三二条区《一)项") + 0.1,
    );
  });
});
