/**
 * docs/rules-language.md §7: each diagnostic's example, applied to the
 * minimal file as the manual says ("加在考核中" …), produces exactly the
 * code it illustrates.
 */
import { readFileSync } from "node:fs";
import { expect, test } from "vitest";
import { parse } from "../src/index.ts";

const doc = readFileSync(new URL("../../../docs/rules-language.md", import.meta.url), "utf8");
const minimal = /```kh minimal\n([\s\S]*?)```/.exec(doc)?.[1] ?? "";
const examples = [...doc.matchAll(/```kh diag=(KH\d+) where=([\w-]+)\n([\s\S]*?)```/g)].map((m) => [m[1], m[2], m[3]] as [string, string, string]);

function apply(where: string, body: string): string {
  switch (where) {
    case "monthly":
      return minimal.replace("  item 量 10 points = min(10, 工单数)\n", `  item 量 10 points = min(10, 工单数)\n${body}`);
    case "top":
      return minimal.replace("ranking {", `${body}\nranking {`);
    case "header":
      return minimal.replace(/^rubric[^\n]*\n[^\n]*\n/, body);
    case "ranking-block":
      return minimal.replace(/ranking \{[\s\S]*\}\n?$/, body);
    case "ranking":
      return minimal.replace("  volume 工单数\n", `  volume 工单数\n${body}`);
    case "file":
      return body;
    default:
      throw new Error(`unknown where=${where}`);
  }
}

test("the manual has the minimal file and an example for most codes", () => {
  expect(parse(minimal).diagnostics).toEqual([]);
  expect(examples.length).toBeGreaterThan(30);
});

test.each(examples)("%s (%s) gives exactly that code", (code, where, body) => {
  expect([...new Set(parse(apply(where, body)).diagnostics.map((d) => d.code))]).toEqual([code]);
});
