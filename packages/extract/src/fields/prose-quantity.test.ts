import { describe, expect, it } from "vitest";
import { NOT_ARTICLE, QUANTITY, readQuantity } from "./prose-quantity.js";

// The gap is how the figure rules reach from the noun to the number.
const ITEMS = new RegExp(`信息[^条]{0,8}?${QUANTITY}条${NOT_ARTICLE}`, "d");
const read = (text: string) => readQuantity(ITEMS.exec(text)?.groups);

describe("prose quantities", () => {
  it("reads digits, Chinese numerals, 万 and approximation words", () => {
    expect(read("公开政府信息4500余条")).toEqual({ value: 4500, approximate: true });
    expect(read("公开政府信息近3000条")).toEqual({ value: 3000, approximate: true });
    expect(read("公开政府信息1.2万条")).toEqual({ value: 12_000, approximate: false });
    expect(read("公开政府信息三百条")).toEqual({ value: 300, approximate: false });
    expect(read("公开政府信息10,407条")).toEqual({ value: 10_407, approximate: false });
  });

  it("is not an article or item number (第二十条, 第（一）项, 第十条规定)", () => {
    expect(read("公开政府信息情况 第二十条第（一）项")).toBeNull();
    expect(read("公开政府信息第十条规定")).toBeNull();
    expect(new RegExp(`${QUANTITY}项`).exec("第二十条第（一）项")).toBeNull();
    // Without the guards the 十 of 二十 would start a count of ten.
    expect(read("主动公开信息数为二十条。")).toEqual({ value: 20, approximate: false });
  });
});
