/**
 * docs/data-format.md is the importer's contract as the importer has it: written from schema.ts, so a column added,
 * renamed or made optional shows there (regenerate: npm run data-format-doc --prefix packages/data).
 */
import { readFileSync } from "node:fs";
import { expect, test } from "vitest";
import { BOOLEAN_WORDS, Invalid, parseBoolean, parseDate } from "../../src/read/cell-values.ts";
import { attributeKeys, RECORD_FIELDS, RECORD_KINDS } from "../../src/schema.ts";
import { loadRecords } from "../../src/validate/read-records.ts";
import { DOCUMENTED_DATES, dataFormatMarkdown } from "../../src/write/data-format-doc.ts";
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

test("the dates it gives as accepted are read; among them a date written with dots and a time with a full-width colon", () => {
  for (const text of DOCUMENTED_DATES) {
    expect(doc, text).toContain(`\`${text}\``);
    expect(parseDate(text, "start"), text).not.toBeInstanceOf(Invalid);
  }
  // what a tester found accepted and not written (2019.05.06 08:30, 08：30)
  expect(DOCUMENTED_DATES.some((d) => /^\d{4}\.\d{1,2}\.\d{1,2} \d/.test(d))).toBe(true);
  expect(DOCUMENTED_DATES.some((d) => d.includes("："))).toBe(true);
});

test("every word a yes/no column takes is in it (√, y, 1 …), each read as it says", () => {
  const yes = doc.slice(doc.indexOf("“是”也可写作"), doc.indexOf("“否”也可写作"));
  const no = doc.slice(doc.indexOf("“否”也可写作"), doc.indexOf("（字母不分大小写"));
  for (const [word, value] of BOOLEAN_WORDS) {
    if (word === "是" || word === "否") continue;
    expect(value ? yes : no, word).toContain(`\`${word}\``);
    expect(parseBoolean(word), word).toBe(value);
  }
  // as written in a file: in capitals, full-width
  expect([parseBoolean("Y"), parseBoolean("ＴＲＵＥ"), parseBoolean("×")]).toEqual([true, true, false]);
});

test("an orders file as a tester wrote it: dates with dots, a full-width colon, √, Y and 1 in yes/no columns — all read", async () => {
  const path = await writeText(
    dir,
    "工单.csv",
    "工单编号,承办单位,来源,受理时间,办理时限,已回访,回退,匿名\nGD1,唐山镇,县中心,2019.05.06 08:30,2019.5.10 17：30,√,Y,1\n",
  );
  const { problems, records } = await loadRecords(path, "orders");
  expect(problems).toEqual([]);
  // Beijing time is UTC+8: 08:30 is 00:30 UTC, 17:30 is 09:30 UTC
  expect(records[0]).toMatchObject({
    receivedAt: Date.UTC(2019, 4, 6, 0, 30),
    dueAt: Date.UTC(2019, 4, 10, 9, 30),
    visited: true,
    returned: true,
    anonymous: true,
  });
});
