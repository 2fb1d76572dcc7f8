/**
 * docs/data-format.md is the importer's contract as the importer has it: written from schema.ts, so a column added,
 * renamed or made optional shows there (regenerate: npm run data-format-doc --prefix packages/data).
 */
import { readFileSync } from "node:fs";
import { expect, test } from "vitest";
import { attributeKeys, RECORD_FIELDS, RECORD_KINDS } from "../../src/schema.ts";
import { loadRecords } from "../../src/validate/read-records.ts";
import { dataFormatMarkdown } from "../../src/write/data-format-doc.ts";
import { useTempDir, writeText } from "../support/temp-dir.ts";

const dir = await useTempDir();
const doc = readFileSync(new URL("../../../../docs/data-format.md", import.meta.url), "utf8");

test("docs/data-format.md is current (npm run data-format-doc --prefix packages/data rewrites it)", () => {
  expect(doc).toBe(dataFormatMarkdown());
});

test("every column of every kind of file is in it, with its Chinese name, key and whether it is required", () => {
  for (const kind of RECORD_KINDS)
    for (const f of RECORD_FIELDS[kind]) expect(doc, `${kind}.${f.key}`).toContain(`| ${f.zh} | \`${f.key}\` | ${f.required ? "必填" : "选填"} |`);
});

test("a repeated unknown column is named as the import stores it, and as a rubric's label it reads it", async () => {
  const path = await writeText(
    dir,
    "两个备注.csv",
    "工单编号,承办单位,来源,受理时间,办理时限,备注,备注\nGD1,唐山镇,县中心,2018-11-03 14:05,2018-11-10,单位说明,中心说明\n",
  );
  const { problems, records } = await loadRecords(path, "orders");
  expect(problems).toEqual([]);
  const stored = Object.keys(records[0]?.attributes ?? {})[1] as string;
  // the doc said 备注（第2个） while 备注(第2个) was stored: a name copied from it matched nothing where it is compared as written
  expect(doc).toContain(`“${stored}”`);
  expect(doc).toContain(`attribute 中心备注 "备注（第2个）" text`);
  expect(attributeKeys("中心备注", "备注（第2个）")).toContain(stored);
});
