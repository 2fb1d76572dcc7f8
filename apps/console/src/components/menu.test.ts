import { describe, expect, test } from "vitest";
import type { Permission } from "../lib/auth.tsx";
import { menuFor } from "./menu.tsx";

const paths = (held: Permission[], role: string, unitCode?: string) => menuFor((p) => held.includes(p), role, unitCode).map((m) => m.path);
const UNIT_HELD: Permission[] = ["signedIn", "unit.read", "published.read", "rubrics.read", "responses.read", "responses.submit"];

describe("the menu", () => {
  test("the language manual is offered to whoever may read the rubrics, beside them, but a unit user (规则 links it)", () => {
    const editor = paths(["signedIn", "rubrics.read", "rubrics.edit", "results.read", "responses.read"], "editor");
    expect(editor).toContain("/reference");
    expect(editor.indexOf("/reference")).toBe(editor.indexOf("/rubrics") + 1);
    expect(paths(["signedIn", "published.read", "rubrics.read", "responses.read", "responses.submit"], "unit")).toEqual([
      "/ranking",
      "/responses",
      "/year",
      "/rubrics",
    ]);
    expect(paths(["signedIn", "published.read"], "viewer")).not.toContain("/reference");
  });

  test("a unit user's first entry is their own unit's page, where they land after signing in", () => {
    const entries = menuFor((p) => UNIT_HELD.includes(p), "unit", "HTZ01");
    expect(entries.map((m) => [m.path, m.label, m.testId])).toEqual([
      ["/units/HTZ01", "本单位得分", "own-unit"],
      ["/ranking", "月度排名", undefined],
      ["/responses", "说明与异议", undefined],
      // their category's published year-end ranking, as the monthly one
      ["/year", "年度考核", undefined],
      ["/rubrics", "规则", undefined],
    ]);
    // a code that is not a plain word is written into the address as the sign-in's landing page writes it
    expect(paths(UNIT_HELD, "unit", "开发区 1")[0]).toBe("/units/%E5%BC%80%E5%8F%91%E5%8C%BA%201");
    // a unit user without a unit (none assigned yet), and the center's users, have no such entry
    expect(paths(UNIT_HELD, "unit")).not.toContain("/units/HTZ01");
    expect(paths(["signedIn", "unit.read", "results.read"], "admin", "HTZ01").some((p) => p.startsWith("/units"))).toBe(false);
  });
});
