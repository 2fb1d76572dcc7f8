import { parse } from "@kaohe/rules-dsl";
import { describe, expect, it } from "vitest";
import { copyStartMonth, copyVersionName, draftVersionName, firstDraftText, supersededBy } from "./versions.ts";

const existing = [
  { name: "办法", version: "2017" },
  { name: "办法", version: "2017-草稿1" },
  { name: "别的办法", version: "2019" },
];

describe("the version a copy is offered", () => {
  it("is the year it starts in, for a version named by its year (2017 copied from 2019-01 is 2019)", () => {
    expect(copyVersionName("办法", "2017", "2019-01", existing)).toBe("2019");
    // another rubric's 2019 is not this one's
    expect(copyVersionName("别的办法", "2017", "2018-01", existing)).toBe("2018");
  });
  it("is the next draft's where the year is the version's own, taken, or the version is not a year", () => {
    expect(copyVersionName("办法", "2017", "2017-10", existing)).toBe("2017-草稿2");
    expect(copyVersionName("办法", "2017", "2019-01", [...existing, { name: "办法", version: "2019" }])).toBe("2017-草稿2");
    expect(copyVersionName("办法", "修订版", "2019-01", existing)).toBe("修订版-草稿1");
    expect(draftVersionName("办法", "2017-草稿1", existing)).toBe("2017-草稿2");
  });
});

describe("the first draft of a county without a version", () => {
  it("checks clean and scores as it stands: in force from the month given, with a ranking's 承办量, in Chinese keywords", () => {
    const text = firstDraftText("2027-01");
    const { ast, diagnostics } = parse(text);
    expect(diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([]);
    expect(ast.header?.from).toBe("2027-01");
    expect(text).toContain("承办总量 工单数");
    expect(text).not.toMatch(/^(rubric|category|monthly|ranking)\b/m);
  });
});

describe("the first draft's categories", () => {
  it("are the stored units' categories, in their order, so that it scores the county's units as it stands", () => {
    const text = firstDraftText("2027-01", ["乡镇", "街道", "部门"]);
    expect(parse(text).diagnostics).toEqual([]);
    expect(
      parse(text)
        .ast.declarations.filter((d) => d.kind === "category")
        .map((d) => ("name" in d ? d.name : "")),
    ).toEqual(["乡镇", "街道", "部门"]);
  });
  it("are 镇, 街道 and 县直部门 when no unit is stored, or when a stored name cannot be written as one", () => {
    const categories = (text: string) =>
      parse(text)
        .ast.declarations.filter((d) => d.kind === "category")
        .map((d) => ("name" in d ? d.name : ""));
    expect(categories(firstDraftText("2027-01"))).toEqual(["镇", "街道", "县直部门"]);
    // none of them a name in the language (brackets, a space): the draft stays one that checks clean, and says why
    const odd = firstDraftText("2027-01", ["乡镇（街道）", "县 直部门"]);
    expect([categories(odd), parse(odd).diagnostics]).toEqual([["镇", "街道", "县直部门"], []]);
    expect(odd).toMatch(/^# 注意：单位名单中的类别 “乡镇（街道）”、“县 直部门” 不能直接写作规则中的名称/);
  });
  it("keeps the stored categories that are names when one is not, and says which is left out", () => {
    const categories = (text: string) =>
      parse(text)
        .ast.declarations.filter((d) => d.kind === "category")
        .map((d) => ("name" in d ? d.name : ""));
    const some = firstDraftText("2027-01", ["乡镇", "街道（社区）", "部门"]);
    expect([categories(some), parse(some).diagnostics]).toEqual([["乡镇", "部门"], []]);
    expect(some.split("\n")[0]).toContain("“街道（社区）”");
  });
});

describe("the month a copy is in force from by default", () => {
  it("after the latest with data and its source's start, once any version is published (it replaces none already scored)", () => {
    expect(copyStartMonth({ latest: "2018-12", first: "2017-01" }, "2017-01", true)).toBe("2019-01");
    // a source in force from after the data: the month after that
    expect(copyStartMonth({ latest: "2018-12", first: "2017-01" }, "2019-03", true)).toBe("2019-04");
  });
  it("the first month with data while none is published: a new county's first rubric scores its months", () => {
    // 高青县: data for 2026-08..10, the bundled Huantai version copied; it offered 2026-11, which scores none of it
    expect(copyStartMonth({ latest: "2026-10", first: "2026-08" }, "2017-01", false)).toBe("2026-08");
    // no data yet: the month after the latest (this month, as the console counts it)
    expect(copyStartMonth({ latest: "2026-12", first: null }, "2017-01", false)).toBe("2027-01");
  });
});

describe("a published version a later one takes over from", () => {
  const v = (id: number, status: string, effectiveFrom: string, effectiveUntil: string | null = null) => ({ id, status, effectiveFrom, effectiveUntil });
  const v2017 = v(1, "published", "2017-09");
  it("ends the month before the later one starts (2017 from 2017-09 is in force until 2018-12 once 2019 is published)", () => {
    const v2019 = v(2, "published", "2019-01");
    expect(supersededBy(v2017, [v2017, v2019])).toEqual({ until: "2018-12", by: v2019 });
    // the earliest of several later ones
    const v2020 = v(3, "published", "2020-01");
    expect(supersededBy(v2017, [v2020, v2017, v2019])?.until).toBe("2018-12");
    expect(supersededBy(v2019, [v2020, v2017, v2019])).toEqual({ until: "2019-12", by: v2020 });
  });
  it("is none for the latest, a draft, a withdrawn version, one ending before, or a later one with an end of its own", () => {
    expect(supersededBy(v2017, [v2017, v(2, "draft", "2019-01"), v(3, "withdrawn", "2019-01")])).toBeNull();
    expect(supersededBy(v(4, "published", "2017-09", "2018-06"), [v(5, "published", "2019-01")])).toBeNull();
    expect(supersededBy(v2017, [v2017, v(6, "published", "2018-01", "2018-12")])).toBeNull();
    expect(supersededBy(v(7, "draft", "2017-09"), [v(8, "published", "2019-01")])).toBeNull();
  });
});
