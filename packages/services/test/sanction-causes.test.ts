import { describe, expect, it } from "vitest";
import { sanctionCauses, sanctionReasonTexts } from "../src/sanction-causes.ts";

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

describe("why a unit owes what sanctions say, in one line each", () => {
  it("each sanction's figures; one whose condition reads no figure (等次 = 不合格) by the rubric's words, not nothing", () => {
    const owed = [
      {
        name: "书面说明",
        label: "超期或反弹的，书面说明原因",
        because: [
          { measure: "超期件数", label: null, value: 6 },
          { measure: "反弹件数", label: "问题反弹件数", value: 2 },
        ],
      },
      // another district's method: 书面说明 for units graded 不合格 (the bell and the bulletin said nothing of why)
      { name: "约谈", label: "等次不合格的，书面说明原因", because: [] },
      { name: "通报", label: null, because: [] },
    ];
    expect(sanctionReasonTexts(owed)).toEqual(["超期件数 6", "问题反弹件数 2", "等次不合格的，书面说明原因", "通报"]);
  });
});
