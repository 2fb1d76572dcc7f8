/**
 * What a person reads when a call's input does not fit and the schema gave no words of its own: zod's limits said in
 * Chinese, a text's length not called a 数值, no English type name, the field named (inside a list too); a year given
 * as the other years are; two dates the wrong way round; a long name not quoted back whole.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { appRouter } from "../src/index.ts";
import { openSeededApi, rejection, type TestApi } from "./support.ts";

let api: TestApi;
beforeAll(async () => {
  api = await openSeededApi();
});
afterAll(() => api?.close());

/** zod's own words (its zhCN locale): English type names, and 数值 said of a text or a list */
const ZOD_WORDS = /string|number|array|数值|期望|<=|>=/;

describe("zod's limits, in Chinese", () => {
  it("a text too long, a number too small or too large, a list too long: each said as what it is, with the field's name", async () => {
    const cases: [Promise<unknown>, string][] = [
      // it said 操作人：数值过大：期望 string <=80 字符
      [api.caller.audit.list({ user: "x".repeat(200) }), "输入有误：操作人：过长，最多 80 个字"],
      // 页码：数值过小：期望 number >=1；每页条数：数值过大：期望 number <=500
      [api.caller.audit.list({ page: -1, pageSize: 100_000 }), "输入有误：页码：过小，最小为 1；每页条数：过大，最大为 500"],
      [api.caller.imports.list({ limit: 0 }), "输入有误：条数：过小，最小为 1"],
      [
        api.caller.users.create({ username: "zhangsan", displayName: "张三", role: "unit", password: "x", unitCode: "H".repeat(101) }),
        "输入有误：单位编码：过长，最多 100 个字",
      ],
      // 51 corrections where 50 are the most: a list counts items
      [
        api.caller.objections.effect({
          id: 1,
          changes: Array.from({ length: 51 }, () => ({ record: "orders", recordId: "A1", field: "closedAt", to: "2018-10-01" })),
        }),
        "输入有误：更正：过多，最多 50 项",
      ],
    ];
    for (const [call, said] of cases) {
      const e = await rejection(call);
      expect([e.code, e.message]).toEqual(["BAD_REQUEST", said]);
      expect(e.message).not.toMatch(ZOD_WORDS);
    }
  });

  it("a field inside a list is named by its place (第 1 项的值), not by its path (values[0].value)", async () => {
    const e = await rejection(api.caller.imports.recordFacts({ unit: "HTZ01", year: 2018, values: [{ item: "领导小组", value: 1e308 }] }));
    expect(e.message).toBe("输入有误：事项第 1 项的值：过大，最大为 1000000");
    const item = await rejection(
      api.caller.imports.recordFacts({ unit: "HTZ01", year: 2018, values: [{ item: "领导小组", value: true }, { item: "专线网络", value: "是" } as never] }),
    );
    expect(item.message).toBe("输入有误：事项第 2 项的值：应为 是/否 或数字");
  });
});

describe("a field a procedure does not know", () => {
  it("is refused by its name, not dropped (a misspelt optional field was ignored, and the call did something else than asked)", async () => {
    // 用户 misspelt: the filter was dropped and the whole log listed
    const e = await rejection(api.caller.audit.list({ usr: "kaohe" } as never));
    expect([e.code, e.message]).toEqual(["BAD_REQUEST", "输入有误：没有这些字段：usr"]);
    // inside a list: the correction's place named
    const inner = await rejection(
      api.caller.objections.effect({ id: 1, changes: [{ record: "orders", recordId: "A1", field: "closedAt", to: "2018-10-01", reason: "x" } as never] }),
    );
    expect(inner.message).toBe("输入有误：更正第 1 项：没有这些字段：reason");
  });

  it("every procedure that takes input refuses one (its schema is strict), before anything is done", () => {
    const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { inputs: z.ZodType[] } }>;
    const lenient: string[] = [];
    let checked = 0;
    for (const [name, p] of Object.entries(procedures)) {
      const schema = p._def.inputs[0];
      if (!schema) continue;
      checked++;
      const parsed = schema.safeParse({ 多余字段: 1 });
      if (parsed.success || !parsed.error.issues.some((i) => i.code === "unrecognized_keys" && i.keys.includes("多余字段"))) lenient.push(name);
    }
    expect(lenient).toEqual([]);
    // the router's procedures with input (60 of 72 when this was written): not none by a change of tRPC's internals
    expect(checked).toBeGreaterThan(50);
  });
});

describe("audit filters", () => {
  it("a start after the end is refused naming both days (it found nothing and said nothing); the same day twice is a day", async () => {
    const e = await rejection(api.caller.audit.list({ from: "2019-01-01", to: "2018-01-01" }));
    expect([e.code, e.message]).toEqual(["BAD_REQUEST", "输入有误：起始日期（2019-01-01）晚于截止日期（2018-01-01）：请检查筛选的日期"]);
    await expect(api.caller.audit.list({ from: "2018-01-01", to: "2018-01-01" })).resolves.toMatchObject({ rows: expect.any(Array) });
    // a day that is wrong itself is said as such, not compared
    const bad = await rejection(api.caller.audit.list({ from: "2019-13-01", to: "2018-01-01" }));
    expect(bad.message).toBe("输入有误：起始日期：日期应写成 YYYY-MM-DD，而不是“2019-13-01”");
  });
});

describe("the year of the yearly facts", () => {
  it("is taken as the other years are (“2018”), or as the console's number, within 1990–2100", async () => {
    // it said 考核年度：年度应为四位数年份，如 2018 of "2018"
    const asText = await api.caller.imports.factItems({ year: "2018", unit: "HTZ01" });
    expect(asText?.period).toBe("2018年");
    expect(asText).toEqual(await api.caller.imports.factItems({ year: 2018, unit: "HTZ01" }));
    for (const [year, said] of [
      ["1800", "输入有误：考核年度应在 1990 年至 2100 年之间，而不是“1800”：请检查年份"],
      [1800, "输入有误：考核年度应在 1990 年至 2100 年之间，而不是“1800”：请检查年份"],
      ["18", "输入有误：考核年度应写成 YYYY（如 2017），而不是“18”"],
      [2018.5, "输入有误：考核年度应写成 YYYY（如 2017）"],
      [true, "输入有误：考核年度应写成 YYYY（如 2017）"],
    ] as const) {
      const e = await rejection(api.caller.imports.factItems({ year: year as never, unit: "HTZ01" }));
      expect([year, e.code, e.message]).toEqual([year, "BAD_REQUEST", said]);
    }
  });

  it("of a unit that does not exist is refused (it answered with the year's items)", async () => {
    const e = await rejection(api.caller.imports.factItems({ year: 2018, unit: "NOPE" }));
    expect([e.code, e.message]).toEqual(["BAD_REQUEST", "没有编码为“NOPE”的单位：请从单位列表中选择"]);
  });
});

describe("a drill-down's measure", () => {
  it("is at most 200 characters, and one the rubric lacks is quoted back cut, not whole", async () => {
    const huge = await rejection(api.caller.scores.drilldown({ period: "2017-10", unitCode: "HTZ01", measure: "x".repeat(5000) }));
    expect([huge.code, huge.message]).toEqual(["BAD_REQUEST", "输入有误：计数名称过长：最多 200 个字"]);
    const long = await rejection(api.caller.scores.drilldown({ period: "2017-10", unitCode: "HTZ01", measure: "y".repeat(200) }));
    expect([long.code, long.message]).toEqual(["NOT_FOUND", `规则中没有名为“${"y".repeat(40)}…”的计数`]);
  });
});
