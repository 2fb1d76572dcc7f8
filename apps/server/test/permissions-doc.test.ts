/** docs/permissions.md is the matrix the code declares: procedures from the router, routes from ROUTES. */
import { readFileSync, writeFileSync } from "node:fs";
import { permissionMatrixMarkdown } from "@kaohe/api";
import { expect, it } from "vitest";
import { ROUTES } from "../src/server.ts";

it("docs/permissions.md is current (regenerate: KAOHE_WRITE_DOCS=1 npx vitest run apps/server/test/permissions-doc.test.ts)", () => {
  const path = new URL("../../../docs/permissions.md", import.meta.url);
  const rows = ROUTES.map((r) => ({
    method: r.method,
    path: r.path.source
      .replace(/^\^/, "")
      .replace(/\$$/, "")
      .replace("year\\/([^/]+)", "year\\/YYYY")
      .replace(/\\\//g, "/")
      .replace(/\\\./g, ".")
      .replace("([^/]+)", "YYYY-MM")
      .replace("(\\d+)", "<id>"),
    permission: r.permission,
    label: r.label,
  }));
  const generated = permissionMatrixMarkdown(rows);
  if (process.env.KAOHE_WRITE_DOCS === "1") writeFileSync(path, generated);
  expect(readFileSync(path, "utf8")).toBe(generated);
});
