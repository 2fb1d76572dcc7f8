/**
 * Where each procedure runs on the server (placement.ts): the request thread
 * answers only light reads; whatever scores a period or reads a whole text
 * runs in a reader thread; every write in the one writer thread. A new
 * procedure must be placed here on purpose.
 */
import { expect, it } from "vitest";
import { appRouter, placementOf } from "../src/index.ts";

type Procedures = Record<
  string,
  {
    _def: {
      type: "query" | "mutation" | "subscription";
      meta?: { runsOn?: "caller" | "reader" | "writer" };
      inputs: { "~standard": { validate(value: unknown): unknown } }[];
    };
  }
>;

// A mutation is a POST, and one run in a worker has its raw input read to be sent there: the console sends no body for
// an undefined input, which tRPC's server before 11.25 cannot read (400 "Unexpected end of JSON input", see inbox.markSeen)
it("gives every mutation run in a worker an input that the console cannot leave undefined", () => {
  const procedures = appRouter._def.procedures as unknown as Procedures;
  const takesUndefined = ({ _def }: Procedures[string]) => {
    if (_def.inputs.length === 0) return true;
    const result = _def.inputs[0]?.["~standard"].validate(undefined) as { issues?: unknown[] };
    return !result.issues;
  };
  const unreadable = Object.entries(procedures).filter(
    ([, p]) => p._def.type === "mutation" && placementOf(p._def.type, p._def.meta) !== "caller" && takesUndefined(p),
  );
  expect(unreadable.map(([path]) => path)).toEqual([]);
});

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
    // scores each month the year counts, for the sanctions each unit fell under
    "scores.yearSanctions",
    "explanations.duties",
    "inbox.summary",
    // the bulletin scores the month, last month and the duties
    "bulletin.get",
    // and the year's scores the year and each yearly checklist
    "bulletin.year",
    // an XLSX template lists the event types of the rubric in force: compiled, and the workbook written
    "imports.template",
    // the form entering an event lists them too
    "imports.eventTypes",
    // and the form entering yearly facts the rubric's facts
    "imports.factItems",
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
    // a GROUP BY over the records for each column a text compares with (the editor's KH267)
    "rubrics.columnValues",
    "rubrics.publishImpact",
    // with its text's diagnostics: a parse of the whole text
    "rubrics.get",
  ])
    expected[path] = "reader";
  // the job registry the console polls lives on the request thread; the import itself goes to the writer
  expected["imports.start"] = "caller";
  expected["imports.recordEvent"] = "caller";
  expected["imports.recordFacts"] = "caller";
  // a job held to be confirmed is in that registry: confirmed (a new job) or cancelled there
  expected["imports.confirm"] = "caller";
  expected["imports.cancel"] = "caller";
  // a query that writes: an objection's what-if writes the changes, scores and rolls back, so it runs where writes run
  expected["objections.effect"] = "writer";
  expect(placed).toEqual(expected);
});
