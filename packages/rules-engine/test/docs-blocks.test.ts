/**
 * Every ```kh block of docs/rules-language.md, English and Chinese, as a
 * reader would use it: whole files parse, check and score; a fragment is put
 * where the manual says it goes (in the skeleton file: at the top level, in
 * its monthly or its yearly assessment) and that file parses, checks and
 * scores. §7's examples of mistakes are tested in rules-dsl's
 * docs-examples.test.ts; an excerpt of the 2017 rubric is that rubric.
 */
import { readFileSync } from "node:fs";
import { demoCalendar } from "@kaohe/data";
import { parse } from "@kaohe/rules-dsl";
import { describe, expect, test } from "vitest";
import { compileRubric, InMemoryMeasureSource, scoreMonth, scoreYear } from "../src/index.ts";
import { data, event, order } from "./fixtures.ts";

const doc = readFileSync(new URL("../../../docs/rules-language.md", import.meta.url), "utf8");
const blocks = [...doc.matchAll(/^```kh([^\n]*)\n([\s\S]*?)^```/gm)].map((m) => ({ tag: (m[1] as string).trim(), body: m[2] as string }));
const skeleton = (zh: boolean) => blocks.find((b) => b.tag === (zh ? "skeleton zh" : "skeleton"))?.body ?? "";

/** The file a block stands for, or null for the blocks tested elsewhere (mistakes, excerpts, the text before fmt). */
function fileOf(tag: string, body: string): string | null {
  const kind = tag.replace(/\s*zh$/, "");
  const zh = tag.endsWith("zh");
  const base = skeleton(zh);
  switch (kind) {
    case "":
    case "skeleton":
    case "minimal":
    case "fmt-after":
      return body;
    case "fragment":
      return /^(ranking|排名) \{/m.test(body) ? base.replace(/^(ranking|排名) \{[\s\S]*\}\n?$/m, body) : base.replace(/\n(ranking|排名) \{/, `\n${body}\n$1 {`);
    case "fragment-monthly":
      return base.replace(/^ {2}(rescale to|折算为) 100\n/m, `${body}  $1 100\n`);
    case "fragment-yearly":
      return base.replace(/^ {2}(item|考核项) 月均/m, `${body}  $1 月均`);
    default:
      return null;
  }
}

const files = blocks.flatMap((b, i) => {
  const file = fileOf(b.tag, b.body);
  return file === null ? [] : [{ name: `block ${i} (${b.tag || "kh"}): ${b.body.split("\n")[0]}`, file }];
});

// a month of hotline data for the five fixture units: orders on time and late, a callback, events
const month = (m: string) =>
  withCalendar(
    data(
      [
        order("T1", {
          receivedAt: `${m}-03 09:00`,
          dueAt: `${m}-10`,
          closedAt: `${m}-08 10:00`,
          visited: true,
          processSatisfaction: "满意",
          resultSatisfaction: "满意",
        }),
        order("T1", { receivedAt: `${m}-04 09:00`, dueAt: `${m}-10`, closedAt: `${m}-12 10:00` }),
        order("T2", { receivedAt: `${m}-05 09:00`, dueAt: `${m}-15`, closedAt: `${m}-09 10:00` }),
        order("S1", { receivedAt: `${m}-05 09:00`, dueAt: `${m}-15`, closedAt: null }),
        order("D1", { receivedAt: `${m}-06 09:00`, dueAt: `${m}-15`, closedAt: `${m}-14 10:00`, redoCount: 1 }),
      ],
      [event("T2", "行政不作为", { date: `${m}-12` })],
    ),
  );

/** The examples that count working days read the demo's holiday calendar (2017–2018), as a center imports it. */
function withCalendar(d: ReturnType<typeof data>): ReturnType<typeof data> {
  const source = d.source as InMemoryMeasureSource;
  return { ...d, source: new InMemoryMeasureSource({ ...source.data, calendar: demoCalendar() }) };
}

describe("the manual's examples", () => {
  test("there are whole files and fragments in both languages", () => {
    expect(files.length).toBeGreaterThan(40);
    expect(files.filter((f) => f.name.includes(" zh)")).length).toBeGreaterThan(20);
  });

  test.each(files.map((f) => [f.name, f.file] as const))("%s parses, checks and scores", async (_, file) => {
    const errors = parse(file).diagnostics.filter((d) => d.severity === "error");
    expect(errors.map((d) => `${d.range.start.line}: ${d.code} ${d.message}`)).toEqual([]);
    const rubric = compileRubric(file);
    const from = rubric.header.from;
    const result = await scoreMonth(rubric, month(from), from);
    expect(result.units.length).toBeGreaterThan(0);
    for (const u of result.units) expect(u.score === null || Number.isFinite(u.score)).toBe(true);
    if (rubric.ranking.yearly) {
      const year = await scoreYear(rubric, month(from), Number(from.slice(0, 4)));
      for (const u of year.units) expect(u.score === null || Number.isFinite(u.score)).toBe(true);
    }
  });
});
