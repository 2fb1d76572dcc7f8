import { readFileSync } from "node:fs";
import { parse } from "@kaohe/rules-dsl";
import { describe, expect, it } from "vitest";
import { withHeader } from "./header.ts";

const text2017 = readFileSync(new URL("../../../../../rules/huantai/2017.kh", import.meta.url), "utf8");

describe("a copy's header", () => {
  it("takes the name, version and first month in force asked for, the rest of the file unchanged", () => {
    const copy = withHeader(text2017, { name: "桓台县市民投诉工作考核办法（修订）", version: "2019", from: "2019-01" });
    const { ast, diagnostics } = parse(copy);
    expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(ast.header).toMatchObject({
      name: "桓台县市民投诉工作考核办法（修订）",
      version: "2019",
      from: "2019-01",
      until: null,
      document: "桓政办发〔2017〕40号",
    });
    expect(copy.slice(copy.indexOf("category 镇"))).toBe(text2017.slice(text2017.indexOf("category 镇")));
  });
  it("quotes what needs quoting, and keeps or drops `until` by the new first month", () => {
    const bounded = 'rubric "甲" version 3\n  in force from 2018-01 until 2018-12\n\ncategory 镇 "镇"\n';
    const kept = parse(withHeader(bounded, { name: '乙"丙', version: "3.1", from: "2018-06" })).ast.header;
    expect(kept).toMatchObject({ name: '乙"丙', version: "3.1", from: "2018-06", until: "2018-12" });
    const dropped = parse(withHeader(bounded, { name: "乙", version: "4", from: "2019-01" })).ast.header;
    expect(dropped).toMatchObject({ from: "2019-01", until: null });
    // a version that reads like a month is the version, not the month in force
    expect(parse(withHeader(bounded, { name: "乙", version: "2018-05修订", from: "2018-07" })).ast.header).toMatchObject({
      version: "2018-05修订",
      from: "2018-07",
      until: "2018-12",
    });
  });
  it("leaves a text without a header as it is", () => {
    expect(withHeader("category 镇\n", { name: "x", version: "1", from: "2019-01" })).toBe("category 镇\n");
  });
});
