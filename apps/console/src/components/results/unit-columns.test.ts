import { createElement, type ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { UnitResult } from "./types.ts";
import { marks } from "./unit-columns.tsx";

/** A unit as a ranking lists it, with only what the 标记 column reads. */
const unit = (code: string, over: Partial<Pick<UnitResult, "band" | "vetoes" | "sanctions">>) =>
  ({ unit: { code, name: code, category: "街道" }, band: null, vetoes: [], sanctions: [], ...over }) as unknown as UnitResult;

/** The 标记 cell of a unit as the browser gets it. */
const cell = (units: UnitResult[], u: UnitResult) => {
  const [column] = marks(units, 160);
  const render = column?.render as ((value: unknown, record: UnitResult, index: number) => ReactNode) | undefined;
  return renderToStaticMarkup(createElement("div", null, render?.(undefined, u, 0)));
};

describe("the ranking's 标记 column", () => {
  it("names a veto (一票否决) beside the grade and sanctions: a vetoed unit's 0.00 showed only 不合格 书面说明", () => {
    const vetoed = unit("东城街道", { band: "不合格", vetoes: ["弄虚作假经查实，当月得分为零"], sanctions: [{ name: "书面说明", label: null }] as never });
    const plain = unit("城关街道", { band: "良好" });
    const html = cell([vetoed, plain], vetoed);
    expect(html).toContain("不合格");
    expect(html).toContain('data-testid="veto-tag"');
    expect(html).toContain("一票否决");
    expect(html).toContain("书面说明");
    // none for a unit no veto holds for
    expect(cell([vetoed, plain], plain)).not.toContain("一票否决");
  });
  it("is a column only when some unit is marked, a veto alone enough", () => {
    expect(marks([unit("甲", {})], 160)).toEqual([]);
    expect(marks([unit("甲", { vetoes: ["x"] })], 160)).toHaveLength(1);
  });
});
