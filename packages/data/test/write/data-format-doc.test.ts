/**
 * docs/data-format.md is the importer's contract as the importer has it: written from schema.ts, so a column added,
 * renamed or made optional shows there (regenerate: npm run data-format-doc --prefix packages/data).
 */
import { readFileSync } from "node:fs";
import { expect, test } from "vitest";
import { RECORD_FIELDS, RECORD_KINDS } from "../../src/schema.ts";
import { dataFormatMarkdown } from "../../src/write/data-format-doc.ts";

const doc = readFileSync(new URL("../../../../docs/data-format.md", import.meta.url), "utf8");

test("docs/data-format.md is current (npm run data-format-doc --prefix packages/data rewrites it)", () => {
  expect(doc).toBe(dataFormatMarkdown());
});

test("every column of every kind of file is in it, with its Chinese name, key and whether it is required", () => {
  for (const kind of RECORD_KINDS)
    for (const f of RECORD_FIELDS[kind]) expect(doc, `${kind}.${f.key}`).toContain(`| ${f.zh} | \`${f.key}\` | ${f.required ? "必填" : "选填"} |`);
});
