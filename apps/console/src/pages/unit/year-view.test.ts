import { describe, expect, it } from "vitest";
import { menuFor } from "../../components/menu.tsx";
import type { Permission } from "../../lib/auth.tsx";
import { yearView } from "./year-view.ts";

// a unit user's permissions as the menu test spells them: the year page is not theirs
const unitHeld: Permission[] = ["signedIn", "published.read", "rubrics.read", "responses.read", "responses.submit"];
const unitCanOpenYear = menuFor((p) => unitHeld.includes(p), "unit").some((m) => m.path === "/year");

describe("a unit's year, as the unit page offers it", () => {
  it("a unit user, the year not yet opened to the units: 年度结果尚未开放, not asked for (no refusal, no red message), no way to a page they cannot open", () => {
    expect(unitCanOpenYear).toBe(false);
    expect(yearView({ yearly: true, role: "unit", canOpenYear: unitCanOpenYear, stage: "closed" })).toEqual({
      ask: false,
      notOpen: true,
      backToYear: false,
    });
    // while the stage is being read: nothing asked, nothing said yet
    expect(yearView({ yearly: true, role: "unit", canOpenYear: false, stage: undefined })).toEqual({
      ask: false,
      notOpen: false,
      backToYear: false,
    });
  });
  it("a unit user, the year opened to the units (its objections) or published: their result, still no link to the year page", () => {
    for (const stage of ["preview", "notice", "published"])
      expect(yearView({ yearly: true, role: "unit", canOpenYear: false, stage })).toEqual({ ask: true, notOpen: false, backToYear: false });
  });
  it("the center: the year whether opened or not, and the way back to the year page", () => {
    expect(yearView({ yearly: true, role: "admin", canOpenYear: true, stage: "closed" })).toEqual({ ask: true, notOpen: false, backToYear: true });
  });
});
