import { describe, expect, it } from "vitest";
import { rubricChanges, rubricChangeText } from "./trend-versions.ts";

const v2017 = { id: 1, name: "桓台县考核办法", version: "2017", status: "published" as const };
const v2019 = { id: 4, name: "桓台县考核办法", version: "2019", status: "published" as const };
const city = { id: 7, name: "淄博市考核办法", version: "2020", status: "published" as const };
const at = (month: string, rubricVersion: typeof v2017) => ({ month, rubricVersion });

describe("the trend's rubric changes", () => {
  it("finds none when every month is scored by one version, and says nothing", () => {
    const points = [at("2018-11", v2017), at("2018-12", v2017)];
    expect(rubricChanges(points)).toEqual([]);
    expect(rubricChangeText(rubricChanges(points))).toBeNull();
  });

  it("marks the first month of each new version, across a month the trend leaves out", () => {
    // 2019-02 is not on the trend (not yet opened to the units, say): 2019-03's version is compared with 2019-01's
    const points = [at("2018-12", v2017), at("2019-01", v2019), at("2019-03", v2019), at("2019-04", city)];
    expect(rubricChanges(points).map((c) => [c.month, c.from.id, c.to.id])).toEqual([
      ["2019-01", 1, 4],
      ["2019-04", 4, 7],
    ]);
  });

  it("says each change by month and version, naming the 办法 only when it changed too", () => {
    const text = rubricChangeText(rubricChanges([at("2018-12", v2017), at("2019-01", v2019), at("2019-04", city)]));
    expect(text).toBe(
      "图中2019年1月起按规则版本“2019”计分（此前为“2017”）；图中2019年4月起按规则版本“淄博市考核办法”2020计分（此前为“桓台县考核办法”2019），" +
        "以竖线标出：与此前各月相比的升降不一定出于本单位工作的变化。",
    );
  });
});
