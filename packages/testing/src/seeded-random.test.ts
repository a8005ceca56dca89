import { expect, it } from "vitest";
import { seededRandom } from "./index.js";

it("gives the same sequence for a seed on every run (the kill-recovery test's kill points)", () => {
  const random = seededRandom(20_260_801);
  expect([random(), random(), random()]).toEqual([
    0.25129492254927754, 0.977159610716626, 0.5359782394953072,
  ]);
});
