/**
 * Where each procedure runs on the server (placement.ts): the request thread
 * answers only light reads; whatever scores a period or reads a whole text
 * runs in a reader thread; every write in the one writer thread. A new
 * procedure must be placed here on purpose.
 */
import { expect, it } from "vitest";
import { appRouter, placementOf } from "../src/index.ts";

type Procedures = Record<string, { _def: { type: "query" | "mutation" | "subscription"; meta?: { runsOn?: "caller" | "reader" | "writer" } } }>;

it("places every procedure as intended", () => {
  const procedures = appRouter._def.procedures as unknown as Procedures;
  const placed = Object.fromEntries(Object.entries(procedures).map(([path, p]) => [path, placementOf(p._def.type, p._def.meta)]));
  // who owes an explanation scores the month; the inbox asks that for every month opened to the units
  const reader = [
    "scores.month",
    "scores.year",
    // compiles the rubric (a draft's first compile is not light)
    "scores.assessments",
    "scores.unitDetail",
    "scores.trend",
    "scores.compare",
    "scores.drilldown",
    "explanations.duties",
    "inbox.summary",
    // the bulletin scores the month, last month and the duties
    "bulletin.get",
  ];
  const expected: Record<string, string> = {};
  for (const [path, p] of Object.entries(procedures)) expected[path] = p._def.type === "mutation" ? "writer" : "caller";
  for (const path of [
    ...reader,
    "publication.reproduce",
    "publication.freshness",
    "publication.compare",
    "rubrics.check",
    "rubrics.format",
    "rubrics.publishImpact",
  ])
    expected[path] = "reader";
  // the job registry the console polls lives on the request thread; the import itself goes to the writer
  expected["imports.start"] = "caller";
  // a query that writes: an objection's what-if writes the changes, scores and rolls back, so it runs where writes run
  expected["objections.effect"] = "writer";
  expect(placed).toEqual(expected);
});
