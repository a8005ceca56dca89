import { describe, expect, it } from "vitest";
import { agencyMismatch } from "./agency-mismatch.js";

const named = (name: string, source = "title", confidence = 0.9) => ({ name, source, confidence });

describe("agencyMismatch", () => {
  it("records another body's report in this agency's column, with the name and where it was read", () => {
    expect(agencyMismatch(named("福建省人民政府办公厅"), "平潭综合实验区管委会")).toEqual({
      found: "福建省人民政府办公厅",
      source: "title",
      registry: "平潭综合实验区管委会",
    });
  });

  it("never for the same body written differently or one of its offices", () => {
    const same = [
      ["平潭综合实验区党工委管委会", "平潭综合实验区管委会"],
      ["平潭综合实验区管委会办公室", "平潭综合实验区管委会"],
      ["平潭综合实验区管理委员会", "平潭综合实验区管委会"],
      ["淮安市洪泽区人民政府", "洪泽区人民政府"],
      ["上海市政府办公厅", "上海市人民政府办公厅"],
    ];
    for (const [found, registry] of same) expect(agencyMismatch(named(found!), registry!)).toBeNull();
  });

  it("never on weak evidence or on the registry's own name", () => {
    expect(agencyMismatch(named("福建省人民政府", "body", 0.4), "平潭综合实验区管委会")).toBeNull();
    expect(agencyMismatch(named("清河县民政局", "hint"), "清河县民政局")).toBeNull();
    expect(agencyMismatch({ name: null, source: null, confidence: null }, "清河县民政局")).toBeNull();
  });
});
