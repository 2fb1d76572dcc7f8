import { describe, expect, it } from "vitest";
import { sanctionCauses } from "../src/sanction-causes.ts";

describe("the figures that made a unit owe a written explanation", () => {
  it("are those that are not 0; all of them when none is (a condition met otherwise)", () => {
    const because = [
      { measure: "超期件数", value: 6 },
      { measure: "反弹件数", value: 0 },
      { measure: "应办未办事件", value: null },
    ];
    expect(sanctionCauses(because).map((b) => b.measure)).toEqual(["超期件数"]);
    const none = [
      { measure: "超期件数", value: 0 },
      { measure: "反弹件数", value: null },
    ];
    expect(sanctionCauses(none)).toEqual(none);
  });
});
