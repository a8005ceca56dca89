import { expect, it } from "vitest";
import { fileSize } from "./file-size.js";

it("gives a file's size as a file manager shows it: bytes, then one decimal below 100 of a unit", () => {
  expect(
    [0, 114, 1023, 1024, 8_704, 102_349, 1_258_291, 327_155_712, 1_099_511_627_776].map(fileSize),
  ).toEqual(["0 字节", "114 字节", "1023 字节", "1.0 KB", "8.5 KB", "100 KB", "1.2 MB", "312 MB", "1.0 TB"]);
});
