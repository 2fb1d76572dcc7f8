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
  it("takes the document number asked for: replaced, left out when empty, written in the file's keywords when it had none", () => {
    const fields = { name: "桓台县市民投诉工作考核办法", version: "2019", from: "2019-01" };
    const replaced = parse(withHeader(text2017, { ...fields, document: "桓政办发〔2019〕5号" }));
    expect([replaced.ast.header?.document, replaced.ast.header?.from, replaced.diagnostics.filter((d) => d.severity === "error")]).toEqual([
      "桓政办发〔2019〕5号",
      "2019-01",
      [],
    ]);
    expect(parse(withHeader(text2017, { ...fields, document: "" })).ast.header).toMatchObject({ document: null, from: "2019-01", version: "2019" });
    // a header without one: written in, in English keywords here and in Chinese in a file of Chinese keywords
    const bare = 'rubric "甲" version "1"\n  in force from 2018-01\n\ncategory 镇 "镇"\n';
    const en = withHeader(bare, { ...fields, document: "甲发〔2019〕1号" });
    expect(en).toContain('version "2019" document "甲发〔2019〕1号"');
    expect(parse(en).ast.header).toMatchObject({ document: "甲发〔2019〕1号", from: "2019-01" });
    const zh = withHeader('考核办法 "甲" 版本 "1"\n  施行自 2018-01\n\n考核类别 镇 "镇"\n', { ...fields, document: "甲发〔2019〕1号" });
    expect(zh).toContain('版本 "2019" 文号 "甲发〔2019〕1号"');
    expect(parse(zh).ast.header).toMatchObject({ document: "甲发〔2019〕1号", from: "2019-01" });
  });
  it("takes the document number of an example rubric, whose `example` mark stands between the version and the number", () => {
    const fields = { name: "甲", version: "2", from: "2019-01", document: "新发〔2019〕1号" };
    // without a number: written after the mark (before it, the header did not parse)
    const bare = withHeader('rubric "甲" version "1" example\n  in force from 2018-01\n\ncategory 镇 "镇"\n', fields);
    expect(parse(bare).diagnostics.map((d) => d.code)).toEqual(["KH238"]); // (only its ranking missing, as in the file given)
    expect(parse(bare).ast.header).toMatchObject({ document: "新发〔2019〕1号", example: true, version: "2" });
    // with one: replaced (the old one was kept, the new one dropped), in either keywords' language
    for (const text of [
      'rubric "甲" version "1" example document "旧〔2017〕1号"\n  in force from 2018-01\n\ncategory 镇 "镇"\n',
      '考核办法 "甲" 版本 "1" 示例 文号 "旧〔2017〕1号"\n  施行自 2018-01\n\n考核类别 镇 "镇"\n',
    ]) {
      expect(parse(withHeader(text, fields)).ast.header).toMatchObject({ document: "新发〔2019〕1号", example: true, from: "2019-01" });
      expect(parse(withHeader(text, { ...fields, document: "" })).ast.header).toMatchObject({ document: null, example: true, from: "2019-01" });
    }
  });
  it("leaves a text without a header as it is", () => {
    expect(withHeader("category 镇\n", { name: "x", version: "1", from: "2019-01" })).toBe("category 镇\n");
  });
});
