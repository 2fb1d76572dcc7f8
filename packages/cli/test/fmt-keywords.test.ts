/**
 * Rubrics in Chinese: for every shipped rubric, `kaohe fmt --keywords zh`
 * then `--keywords en` gives back the file exactly, and the Chinese version
 * scores exactly as the English one on the demo data (every month in force
 * that the demo covers, sampled, and a year).
 */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { type Dataset, demoMonths, generateDemoDataset } from "@kaohe/data";
import { format } from "@kaohe/rules-dsl";
import { compileRubric, InMemoryMeasureSource, inForce, scoreMonth, scoreYear } from "@kaohe/rules-engine";
import { beforeAll, describe, expect, test } from "vitest";
import { kaohe, root } from "./support/kaohe.ts";

const rulesDir = join(root, "rules");
const shipped = readdirSync(rulesDir, { recursive: true, encoding: "utf8" })
  .filter((f) => f.endsWith(".kh"))
  .map((f) => join(rulesDir, f));

function inKeywords(text: string, keywords: "zh" | "en"): string {
  const r = format(text, { keywords });
  if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
  return r.text;
}
const zhOf = (text: string) => inKeywords(text, "zh");
const enOf = (text: string) => inKeywords(text, "en");

describe("kaohe fmt --keywords", () => {
  test("zh then en gives back every shipped rubric exactly (the command, on copies); a rubric shipped in Chinese comes back from en", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kaohe-keywords-"));
    const copies = shipped.map((f, i) => {
      const copy = join(dir, `${i}-${basename(f)}`);
      copyFileSync(f, copy);
      return copy;
    });
    expect((await kaohe("fmt", "--keywords", "zh", ...copies)).code).toBe(0);
    copies.forEach((c, i) => {
      const zh = readFileSync(c, "utf8");
      expect(zh).toBe(zhOf(readFileSync(shipped[i] as string, "utf8")));
      expect(zh).toMatch(/^考核办法 /m);
      expect(zh).not.toMatch(/^\s*(rubric|category|event|measure|rate|item|ranking)\b/m);
    });
    // plain fmt keeps a Chinese file Chinese; --check agrees it is formatted
    expect((await kaohe("fmt", "--check", ...copies)).code).toBe(0);
    expect((await kaohe("fmt", "--keywords", "en", ...copies)).code).toBe(0);
    copies.forEach((c, i) => {
      const original = readFileSync(shipped[i] as string, "utf8");
      // a rubric shipped in English comes back byte for byte; one shipped in Chinese comes back from its English form
      expect(readFileSync(c, "utf8")).toBe(enOf(original));
      if (original === enOf(original)) return;
      expect(original).toBe(zhOf(original));
      expect(zhOf(readFileSync(c, "utf8"))).toBe(original);
    });
    expect(shipped.filter((f) => readFileSync(f, "utf8") === enOf(readFileSync(f, "utf8"))).length).toBeGreaterThan(3);
    expect((await kaohe("fmt", "--keywords", "fr", copies[0] as string)).code).toBe(1);
  }, 60_000);
});

describe("a rubric in Chinese scores as the same rubric in English", () => {
  let demo: Dataset;
  beforeAll(async () => {
    demo = generateDemoDataset();
  });

  // the same result, but each deduction's or addition's rule, quoted as written: in the rubric's own keywords
  const scored = (result: unknown) => JSON.stringify(result, (k, v) => (k === "rule" ? undefined : v));

  test.each(shipped)(
    "%s",
    async (file) => {
      const en = compileRubric(readFileSync(file, "utf8"), file);
      const zh = compileRubric(zhOf(readFileSync(file, "utf8")), file);
      const data = { units: demo.units, facts: demo.facts, source: new InMemoryMeasureSource(demo) };
      const months = demoMonths()
        .map(({ year, month }) => `${year}-${String(month).padStart(2, "0")}`)
        .filter((m) => inForce(en, m));
      expect(months.length).toBeGreaterThan(0);
      // the first, a middle and the last month in force, and the year of the first
      const sample = [...new Set([months[0], months[Math.floor(months.length / 2)], months[months.length - 1]])] as string[];
      for (const month of sample) {
        expect(scored(await scoreMonth(zh, data, month))).toBe(scored(await scoreMonth(en, data, month)));
      }
      if (en.ast.declarations.some((d) => d.kind === "assessment" && d.schedule === "yearly")) {
        const year = Number((months[0] as string).slice(0, 4));
        expect(scored(await scoreYear(zh, data, year))).toBe(scored(await scoreYear(en, data, year)));
      }
    },
    120_000,
  );
});
