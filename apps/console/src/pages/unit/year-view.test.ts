import { describe, expect, it } from "vitest";
import { menuFor } from "../../components/menu.tsx";
import type { Permission } from "../../lib/auth.tsx";
import { yearView } from "./year-view.ts";

// a unit user's permissions as the menu test spells them: the year page is theirs (their category's published ranking)
const unitHeld: Permission[] = ["signedIn", "published.read", "rubrics.read", "responses.read", "responses.submit"];
const unitCanOpenYear = menuFor((p) => unitHeld.includes(p), "unit").some((m) => m.path === "/year");

describe("a unit's year, as the unit page offers it", () => {
  it("a unit user, the year not yet opened to the units: 年度结果尚未开放, not asked for (no refusal, no red message), no way to a page they cannot open", () => {
    expect(unitCanOpenYear).toBe(true);
    expect(yearView({ yearly: true, role: "unit", canOpenYear: unitCanOpenYear, stage: "closed" })).toEqual({
      ask: false,
      notOpen: true,
      backToYear: false,
    });
    // while the stage is being read: nothing asked, nothing said yet
    expect(yearView({ yearly: true, role: "unit", canOpenYear: unitCanOpenYear, stage: undefined })).toEqual({
      ask: false,
      notOpen: false,
      backToYear: false,
    });
  });
  it("a unit user, the year opened to the units (its objections): their result, no link to the year page (its ranking is not theirs before it is published)", () => {
    for (const stage of ["preview", "notice"])
      expect(yearView({ yearly: true, role: "unit", canOpenYear: unitCanOpenYear, stage })).toEqual({ ask: true, notOpen: false, backToYear: false });
  });
  it("a unit user, the year published: their result, and the way to their category's year-end ranking, as a published month's", () => {
    expect(yearView({ yearly: true, role: "unit", canOpenYear: unitCanOpenYear, stage: "published" })).toEqual({ ask: true, notOpen: false, backToYear: true });
  });
  it("the center: the year whether opened or not, and the way back to the year page", () => {
    expect(yearView({ yearly: true, role: "admin", canOpenYear: true, stage: "closed" })).toEqual({ ask: true, notOpen: false, backToYear: true });
  });
});
