import { describe, expect, it } from "vitest";
import { joiningLeavingLines } from "./unassessed-notice.tsx";

describe("joiningLeavingLines", () => {
  const joining = { name: "丁镇", fromMonth: "2018-03", untilMonth: null, change: "joins" as const };
  const leaving = { name: "戊镇", fromMonth: null, untilMonth: "2018-02", change: "leaves" as const };
  it("a month: the units first assessed in it, and those whose last month was the one before (a unit with both months, by which it is)", () => {
    expect(joiningLeavingLines([joining, leaving], "本月")).toEqual(["本月起参加考核：丁镇", "本月起不再参加考核，不在本月排名中：戊镇（截止月份 2018-02）"]);
    expect(joiningLeavingLines([leaving], "本月")).toEqual(["本月起不再参加考核，不在本月排名中：戊镇（截止月份 2018-02）"]);
    expect(joiningLeavingLines([{ name: "庚镇", fromMonth: "2018-03", untilMonth: "2018-09", change: "joins" }], "本月")).toEqual(["本月起参加考核：庚镇"]);
  });
  it("a year: each unit assessed in some of its months, with them", () => {
    const part = (u: { name: string; fromMonth: string | null; untilMonth: string | null }) => ({ ...u, change: "part" as const });
    expect(joiningLeavingLines([part(joining), part(leaving), part({ name: "己镇", fromMonth: "2018-04", untilMonth: "2018-09" })], "本年度")).toEqual([
      "年内只有部分月份参加考核，年度成绩按其参加考核各月的平均计算：丁镇（2018-03 起）、戊镇（至 2018-02）、己镇（2018-04 起，至 2018-09）",
    ]);
  });
});
