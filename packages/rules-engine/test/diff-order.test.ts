/**
 * A comparison of two versions lists the groups in the order the ranking gives them (the rubric's categories: 镇,
 * 街道, 县直部门), as `kaohe score` prints them; sorted by name it gave 街道, 县直部门, 镇 (found by a helper).
 */
import { expect, test } from "vitest";
import { diffResults, scoreMonth } from "../src/index.ts";
import { data, order, rubric2017 } from "./fixtures.ts";

test("the groups of a comparison come in the ranking's order", async () => {
  const month = data([order("T1"), order("S1"), order("D1")]);
  const r = await scoreMonth(rubric2017, month, "2017-10");
  const ranked = [...new Set(r.units.map((u) => u.group))];
  expect(ranked).toEqual(["镇", "街道", "县直部门"]);
  expect([...new Set(diffResults(r, r).units.map((u) => u.group))]).toEqual(ranked);
});
