import { describe, expect, it } from "vitest";
import { loginPath, safeReturnPath } from "./auth.tsx";

describe("the address the sign-in page returns to", () => {
  it("is a path inside the console, as written", () => {
    expect(safeReturnPath("/units/HTZ01?period=2018-11")).toBe("/units/HTZ01?period=2018-11");
    expect(safeReturnPath("/ranking/2018-11#top")).toBe("/ranking/2018-11#top");
    expect(loginPath("/units/HTZ01?period=2018-11")).toBe("/login?next=%2Funits%2FHTZ01%3Fperiod%3D2018-11");
  });
  it("never another site, however it is spelt: the browser drops a tab or a line break (/<tab>/x is //x)", () => {
    for (const next of [
      "//example.org/x",
      "/\\example.org",
      "/\t/example.org/x",
      "/\n/example.org",
      "/\r/example.org",
      "/\t\\example.org",
      "https://example.org",
      "javascript:alert(1)",
      "x",
    ]) {
      expect([next, safeReturnPath(next)]).toEqual([next, null]);
    }
  });
  it("not the sign-in page itself, nor nothing", () => {
    expect(safeReturnPath("/login?next=/ranking")).toBeNull();
    expect(safeReturnPath(null)).toBeNull();
    expect(loginPath("/")).toBe("/login");
  });
});
