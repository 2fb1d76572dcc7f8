import { describe, expect, it } from "vitest";
import { zh } from "./zh.ts";

describe("zh: the Chinese part of a message", () => {
  it("drops the English after “ / ” (engine warnings, AppError messages)", () => {
    expect(zh("缺少 2017 年“领导小组”的记录，按“是”计 / no 2017 row for fact 领导小组, taken as true")).toBe("缺少 2017 年“领导小组”的记录，按“是”计");
  });
  it("drops an English second line", () => {
    expect(zh("规则文件有 2 处错误\n    the rubric has 2 errors")).toBe("规则文件有 2 处错误");
  });
  it("keeps a slash that is part of the Chinese (a rank, a ratio) and a message with no Chinese before it", () => {
    expect(zh("第 3 / 31 名")).toBe("第 3 / 31 名");
    expect(zh("Failed to fetch")).toBe("Failed to fetch");
    expect(zh("第 3 / 31 名 / rank 3 of 31")).toBe("第 3 / 31 名");
    // a slash inside brackets is the Chinese's own (the checker names 考核项（item / bonus）)
    expect(zh("此处应为考核项（item / bonus）或部分（section）")).toBe("此处应为考核项（item / bonus）或部分（section）");
    expect(zh("此处应为考核项（item / bonus） / expected the item statement")).toBe("此处应为考核项（item / bonus）");
  });
});
