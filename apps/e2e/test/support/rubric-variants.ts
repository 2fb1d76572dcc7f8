/** Rubrics made from the shipped 2017 method, as a policy writer would change it. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { root } from "./app.ts";

/** The ranked assessment added beside 投诉件办理: the same items over the quarter. */
export const QUARTERLY = { name: "季度投诉件办理", label: "投诉件办理季度考核" };

/**
 * The 2017 method (version "2018-季度", in force from `from`) that ranks a second monthly assessment, the
 * quarter's (`ranking { monthly 投诉件办理  monthly 季度投诉件办理 }`), and reports 超期率 in both without scoring it.
 */
export function quarterlyVariant(from: string): string {
  const text = readFileSync(join(root, "rules/huantai/2017.kh"), "utf8");
  const start = text.indexOf('monthly 投诉件办理 "投诉件办理考核" {');
  const end = text.indexOf("\n}\n", start) + 3;
  if (start < 0 || end < 3) throw new Error("the 2017 monthly assessment moved: update rubric-variants.ts");
  const monthly = text.slice(start, end).replace("  window month\n", "  window month\n  report 超期率\n");
  const quarterly = monthly
    .replace('monthly 投诉件办理 "投诉件办理考核" {', `monthly ${QUARTERLY.name} "${QUARTERLY.label}" {`)
    .replace("window month", "window quarter");
  const out = `${text.slice(0, start)}${monthly}\n${quarterly}${text.slice(end)}`
    .replace(/version "2017"/, 'version "2018-季度"')
    .replace("in force from 2017-09", `in force from ${from}`)
    .replace("  monthly 投诉件办理\n", `  monthly 投诉件办理\n  monthly ${QUARTERLY.name}\n`);
  if (!out.includes(`monthly ${QUARTERLY.name}\n`) || !out.includes(`in force from ${from}`))
    throw new Error("the 2017 rubric changed: update rubric-variants.ts");
  return out;
}
