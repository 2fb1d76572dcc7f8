import { describe, expect, test } from "vitest";
import type { Permission } from "../lib/auth.tsx";
import { menuFor } from "./menu.tsx";

const paths = (held: Permission[], role: string) => menuFor((p) => held.includes(p), role).map((m) => m.path);

describe("the menu", () => {
  test("the language manual is offered to whoever may read the rubrics, beside them", () => {
    const editor = paths(["signedIn", "rubrics.read", "rubrics.edit", "results.read", "responses.read"], "editor");
    expect(editor).toContain("/reference");
    expect(editor.indexOf("/reference")).toBe(editor.indexOf("/rubrics") + 1);
    expect(paths(["signedIn", "published.read", "rubrics.read", "responses.read", "responses.submit"], "unit")).toEqual([
      "/ranking",
      "/responses",
      "/rubrics",
      "/reference",
    ]);
    expect(paths(["signedIn", "published.read"], "viewer")).not.toContain("/reference");
  });
});
