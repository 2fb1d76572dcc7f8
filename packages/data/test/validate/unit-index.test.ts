/**
 * Finding the unit an order or event names, as spreadsheets write it. Found by a helper importing the center's
 * files: 唐　山　镇 padded with full-width spaces to align a column, 唐 山 镇, and a code typed in lower case were "找不到该
 * 单位" with no hint, and 唐山镇人民政府 got no suggestion.
 */
import { describe, expect, it } from "vitest";
import type { ImportProblem } from "../../src/types.ts";
import { isUnknownUnitProblem, loadRecords } from "../../src/validate/read-records.ts";
import { createUnitResolver } from "../../src/validate/unit-index.ts";
import { csv, useTempDir, writeText } from "../support/temp-dir.ts";

const dir = await useTempDir();
let n = 0;

const units = createUnitResolver([
  { code: "HTZ01", name: "唐山镇" },
  { code: "HTZ02", name: "果里镇" },
  { code: "HTJD01", name: "索镇街道" },
  { code: "HTJD02", name: "少海街道" },
  // two codes that differ only in case: neither is found by the other's case
  { code: "ab1", name: "甲单位" },
  { code: "AB1", name: "乙单位" },
]);

describe("a unit as a file names it", () => {
  it("spaces inside a name, full-width or not, and a code's case do not matter when one unit is meant", () => {
    expect(["唐　山　镇", "唐 山 镇", " 果里 镇 ", "htz01", "Htjd02", "索镇\u3000街道"].map(units)).toEqual([
      "HTZ01",
      "HTZ01",
      "HTZ02",
      "HTZ01",
      "HTJD02",
      "HTJD01",
    ]);
    // case tells these two apart; a third spelling is neither
    expect(["ab1", "AB1", "Ab1"].map(units)).toEqual(["ab1", "AB1", undefined]);
  });

  it("a name with more to it (唐山镇人民政府) or less (果里) is not taken for the unit, but the problem asks whether it is meant", async () => {
    const path = await writeText(
      dir,
      `orders-${++n}.csv`,
      csv(
        "工单编号,承办单位,来源,受理时间,办理时限",
        "GD1,唐山镇人民政府,县中心,2018-10-03 14:05,2018-10-10",
        "GD2,果里,县中心,2018-10-03 14:05,2018-10-10",
        // no unit's name begins it, nor does it begin one: nothing to ask about
        "GD3,街道办,县中心,2018-10-03 14:05,2018-10-10",
        "GD4,唐 山 镇,县中心,2018-10-03 14:05,2018-10-10",
        // the county before it, as a city's platform writes a unit (found by a helper); another word before it: nothing
        "GD5,桓台县唐山镇,县中心,2018-10-03 14:05,2018-10-10",
        "GD6,淄博市桓台县果里镇,县中心,2018-10-03 14:05,2018-10-10",
        "GD7,新唐山镇,县中心,2018-10-03 14:05,2018-10-10",
      ),
    );
    const result = await loadRecords(path, "orders", { resolveUnit: units });
    const asked = (name: string, code: string, as: string) =>
      `找不到该单位（按单位名称或单位编码）：是否为“${name}”（${code}）？请写单位名单中的名称或编码；平台导出的文件常这样写，可在单位名单的“别名”列写上“${as}”，重新导入单位名单后即可识别`;
    expect(result.problems.map((p: ImportProblem) => [p.row, p.value, p.reason])).toEqual([
      [2, "唐山镇人民政府", asked("唐山镇", "HTZ01", "唐山镇人民政府")],
      [3, "果里", asked("果里镇", "HTZ02", "果里")],
      [4, "街道办", "找不到该单位（按单位名称或单位编码）"],
      [6, "桓台县唐山镇", asked("唐山镇", "HTZ01", "桓台县唐山镇")],
      [7, "淄博市桓台县果里镇", asked("果里镇", "HTZ02", "淄博市桓台县果里镇")],
      [8, "新唐山镇", "找不到该单位（按单位名称或单位编码）"],
    ]);
  });
});

describe("a unit's name in traditional characters", () => {
  it("is asked about as the unit in simplified ones, with the alias advice, never taken for it", async () => {
    const path = await writeText(
      dir,
      `orders-${++n}.csv`,
      csv(
        "工单编号,承办单位,来源,受理时间,办理时限",
        "GD1,唐山鎮,县中心,2018-10-03 14:05,2018-10-10",
        // a traditional name with more to it, and one of a traditional abbreviation
        "GD2,索鎮街道辦事處,县中心,2018-10-03 14:05,2018-10-10",
        "GD3,縣環保局,县中心,2018-10-03 14:05,2018-10-10",
      ),
    );
    const withDepartment = createUnitResolver([
      { code: "HTZ01", name: "唐山镇" },
      { code: "HTJD01", name: "索镇街道" },
      { code: "X05", name: "县环境保护局" },
    ]);
    expect(withDepartment("唐山鎮")).toBeUndefined();
    const result = await loadRecords(path, "orders", { resolveUnit: withDepartment });
    const asked = (name: string, code: string, as: string) =>
      `找不到该单位（按单位名称或单位编码）：是否为“${name}”（${code}）？请写单位名单中的名称或编码；平台导出的文件常这样写，可在单位名单的“别名”列写上“${as}”，重新导入单位名单后即可识别`;
    expect(result.records).toEqual([]);
    expect(result.problems.map((p: ImportProblem) => [p.row, p.value, p.reason])).toEqual([
      [2, "唐山鎮", asked("唐山镇", "HTZ01", "唐山鎮")],
      [3, "索鎮街道辦事處", asked("索镇街道", "HTJD01", "索鎮街道辦事處")],
      [4, "縣環保局", asked("县环境保护局", "X05", "縣環保局")],
    ]);
  });
});

describe("a subtotal's label in the unit column", () => {
  it("唐山镇 汇总 on a row that is more than a 分类汇总's label and figures is told it looks like one, not advised as an alias", async () => {
    // a data clerk's walk: Excel's 分类汇总 row 测试甲镇 汇总 was advised as the unit's alias; here each row has its 来源, so
    // it is no subtotal row to leave out (a record's words besides), and the unit column is what is said of it
    const path = await writeText(
      dir,
      `orders-${++n}.csv`,
      csv(
        "工单编号,承办单位,来源,受理时间,办理时限",
        "GD1,唐山镇 汇总,县中心,2018-10-03 14:05,2018-10-10",
        "GD2,果里镇计数,县中心,2018-10-03 14:05,2018-10-10",
        // no unit before the word, though it is like 唐山镇 (the county before it): asked about, not advised as an alias
        "GD3,桓台县唐山镇 小计,县中心,2018-10-03 14:05,2018-10-10",
      ),
    );
    const result = await loadRecords(path, "orders", { resolveUnit: units });
    const looks = (value: string, name: string, code: string) =>
      `找不到该单位（按单位名称或单位编码）：“${value}”像是单位“${name}”（${code}）的分类汇总（小计）行，不是单位名称；分类汇总行请删去（Excel、WPS：数据→分类汇总→全部删除），这一行若是工单，请写单位名称或编码 ${code}`;
    expect(result.problems.map((p: ImportProblem) => [p.row, p.value, p.reason])).toEqual([
      [2, "唐山镇 汇总", looks("唐山镇 汇总", "唐山镇", "HTZ01")],
      [3, "果里镇计数", looks("果里镇计数", "果里镇", "HTZ02")],
      [4, "桓台县唐山镇 小计", "找不到该单位（按单位名称或单位编码）：是否为“唐山镇”（HTZ01）？请写单位名单中的名称或编码"],
    ]);
    expect(result.problems.every(isUnknownUnitProblem)).toBe(true);
  });
});

describe("several units in one cell", () => {
  it("an order handled jointly (唐山镇、果里镇, or with , ， / ； between) is told it has one unit, the units named; no alias is suggested", async () => {
    const path = await writeText(
      dir,
      `orders-${++n}.csv`,
      csv(
        "工单编号,承办单位,来源,受理时间,办理时限",
        "GD1,唐山镇、果里镇,县中心,2018-10-03 14:05,2018-10-10",
        'GD2,"唐山镇,果里镇",县中心,2018-10-03 14:05,2018-10-10',
        "GD3,唐山镇，HTZ02,县中心,2018-10-03 14:05,2018-10-10",
        "GD4,唐山镇人民政府/果里镇;索镇街道,县中心,2018-10-03 14:05,2018-10-10",
        // one known unit and another name: asked about the one, but not told to make the whole an alias (the 、 would
        // split it into two aliases)
        "GD5,唐山镇、开发区,县中心,2018-10-03 14:05,2018-10-10",
      ),
    );
    const result = await loadRecords(path, "orders", { resolveUnit: units });
    const two = "一件工单只能有一个承办单位，这里写了 2 个：“唐山镇”（HTZ01）、“果里镇”（HTZ02）；平台中的主办、协办请只写主办单位";
    expect(result.problems.map((p: ImportProblem) => [p.row, p.value, p.reason])).toEqual([
      [2, "唐山镇、果里镇", two],
      [3, "唐山镇,果里镇", two],
      [4, "唐山镇，HTZ02", two],
      // 唐山镇人民政府 is 唐山镇, as asked of it alone
      [
        5,
        "唐山镇人民政府/果里镇;索镇街道",
        "一件工单只能有一个承办单位，这里写了 3 个：“唐山镇”（HTZ01）、“果里镇”（HTZ02）、“索镇街道”（HTJD01）；平台中的主办、协办请只写主办单位",
      ],
      [6, "唐山镇、开发区", "找不到该单位（按单位名称或单位编码）：是否为“唐山镇”（HTZ01）？请写单位名单中的名称或编码"],
    ]);
    expect(result.problems[0]?.reasonEn).toBe("an order has one handling unit; this names 2: 唐山镇 (HTZ01), 果里镇 (HTZ02); write the main one only");
    // with the same import's units file refused, which units those names are is not known either: counted with the
    // units not found, in the one line the import says of them
    expect(result.problems.every(isUnknownUnitProblem)).toBe(true);
    // an event's or a fact's unit: one a row
    const events = await loadRecords(
      await writeText(dir, `events-${++n}.csv`, csv("事件编号,单位,日期,事件类型", "SJ1,唐山镇、果里镇,2018-10-05,推诿扯皮")),
      "events",
      { resolveUnit: units },
    );
    expect(events.problems.map((p) => p.reason)).toEqual([
      "一条考核事件只能有一个单位，这里写了 2 个：“唐山镇”（HTZ01）、“果里镇”（HTZ02）；涉及几个单位的，请每个单位写一行（事件编号各不相同）",
    ]);
  });

  it("a name that is already two units' alias is not suggested as an alias again", async () => {
    // 唐山镇政府 is the alias of two units (stored before such a units file was refused): it names neither
    const resolve = createUnitResolver([
      { code: "HTZ01", name: "唐山镇" },
      { code: "HTZ02", name: "果里镇", attributes: { 别名: "唐山镇政府" } },
      { code: "HTZ03", name: "荆家镇", attributes: { 别名: "唐山镇政府" } },
    ]);
    expect(resolve("唐山镇政府")).toBeUndefined();
    expect(resolve.aliasable?.("唐山镇政府")).toBe(false);
    expect(resolve.aliasable?.("唐山镇人民政府")).toBe(true);
    const result = await loadRecords(
      await writeText(dir, `orders-${++n}.csv`, csv("工单编号,承办单位,来源,受理时间,办理时限", "GD1,唐山镇政府,县中心,2018-10-03 14:05,2018-10-10")),
      "orders",
      { resolveUnit: resolve },
    );
    expect(result.problems.map((p) => p.reason)).toEqual(["找不到该单位（按单位名称或单位编码）：是否为“唐山镇”（HTZ01）？请写单位名单中的名称或编码"]);
  });
});

describe("a unit by another name", () => {
  const departments = createUnitResolver([
    { code: "X05", name: "县环境保护局", attributes: { 别名: "县环保局、环保局" } },
    { code: "X06", name: "县城市管理行政执法局", attributes: { 简称: "县城管局" } },
    { code: "X07", name: "县住房和城乡建设局" },
    { code: "X08", name: "县市场监督管理局", attributes: { 别名: "县城管局" } },
    { code: "X09", name: "县卫生局", attributes: { 别名: "县卫计局" } },
    { code: "X10", name: "县计划生育局", attributes: { 别名: "县卫计局" } },
  ]);

  it("a name the units file's 别名 or 简称 column gives is that unit's, unless two units give it (a platform's export writes them every month)", () => {
    expect(["县环保局", "环保局", " 县环保局 ", "县城管局", "县卫计局"].map(departments)).toEqual(["X05", "X05", "X05", undefined, undefined]);
  });

  it("an abbreviation of one unit's name is asked about (县城乡建设局 of 县住房和城乡建设局); one of several is not", () => {
    expect(departments.resembling?.("县城乡建设局")).toEqual({ code: "X07", name: "县住房和城乡建设局" });
    expect(departments.resembling?.("县执法局")).toEqual({ code: "X06", name: "县城市管理行政执法局" });
    // 县…局 with 监 in it: 县市场监督管理局 only; with 管 in it: two units
    expect(departments.resembling?.("县监管局")).toEqual({ code: "X08", name: "县市场监督管理局" });
    expect(departments.resembling?.("县管理局")).toBeUndefined();
    // the place before it may be left out (住建局 of 县住房和城乡建设局: a walk); the last character must agree
    expect(departments.resembling?.("住建局")).toEqual({ code: "X07", name: "县住房和城乡建设局" });
    expect(departments.resembling?.("环保")).toBeUndefined();
  });
});
