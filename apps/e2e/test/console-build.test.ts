/**
 * The console the end-to-end tests drive is the one `npm start` serves: built for production. vitest runs with
 * NODE_ENV=test, and a build started from it had inherited that, giving React's development build (jsxDEV).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { buildConsole } from "./support/console-build.ts";

describe("控制台构建 / the console's build", () => {
  test("is React's production build: no development-only code in its scripts", () => {
    const assets = join(buildConsole(), "assets");
    const scripts = readdirSync(assets).filter((f) => f.endsWith(".js"));
    expect(scripts.length).toBeGreaterThan(0);
    const dev = scripts.filter((f) => readFileSync(join(assets, f), "utf8").includes("jsxDEV"));
    expect(dev).toEqual([]);
  });
});
