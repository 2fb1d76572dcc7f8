/**
 * What the score table's warnings cost a month's push-down: nothing the hand-written query would not do. The 2017
 * rubric's eight order measures count one population (本期工单: received in the month, not an accepted 回退); the
 * warnings read that population's size, which is 工单数 again, and the orders the month received only when a
 * population turns out empty. So the month's query tests the population once, in its WHERE clause (not in each
 * measure's FILTER), and has one column per distinct count: eight, read under nine names.
 */
import { readFileSync } from "node:fs";
import { compileRubric, periodWindow, planFor } from "@kaohe/rules-engine";
import { describe, expect, it } from "vitest";
import { compileMeasureQuery } from "../src/measure-sql.ts";

const rubric = compileRubric(readFileSync(new URL("../../../rules/huantai/2017.kh", import.meta.url), "utf8"));
const monthly = [...rubric.assessments.values()].find((a) => a.schedule === "monthly");

describe.each(["sqlite", "postgres"] as const)("the 2017 rubric's month pushed down to %s", (provider) => {
  const plan = planFor(rubric, monthly as NonNullable<typeof monthly>);
  const specs = plan.measures.filter((m) => m.record === "orders");
  const { window, asOf } = periodWindow(rubric, "2018-03");
  const q = compileMeasureQuery(plan, specs, "orders", provider, { start: window.start, end: window.end, asOf });

  it("reads the population's size and no count of the orders received", () => {
    expect(specs.map((s) => s.name)).toContain("#提示:考核范围:本期工单");
    expect(specs.map((s) => s.name)).not.toContain("#提示:本期受理工单");
  });

  it("tests the population once, in the WHERE clause", () => {
    const [select, where] = q.sql.split(/ WHERE /) as [string, string];
    expect(where).toContain(`NOT ("returned" AND "returnAccepted")`);
    expect(select).not.toContain(`"returnAccepted"`);
  });

  it("counts the population's size in 工单数's column", () => {
    expect(q.columns.get("#提示:考核范围:本期工单")).toBe(q.columns.get("工单数"));
    expect(q.sql.match(/COUNT\(\*\)/g)).toHaveLength(8);
    expect(new Set(q.columns.values()).size).toBe(8);
    expect(q.columns.size).toBe(9);
  });
});
