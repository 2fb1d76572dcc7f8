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
  // the words as the doc lists them, read back from its text (the doc is written from the parser's list, so it is the
  // parser that is tested here: each word the doc gives is read as the doc says, and the doc lists those a tester used)
  const listed = (from: string, to: string) => [...doc.slice(doc.indexOf(from), doc.indexOf(to)).matchAll(/`([^`]+)`/g)].map((m) => m[1] as string);
  const yes = listed("“是”也可写作", "“否”也可写作");
  const no = listed("“否”也可写作", "（字母不分大小写");
  expect(yes).toEqual(expect.arrayContaining(["1", "y", "yes", "true", "√"]));
  expect(no).toEqual(expect.arrayContaining(["0", "n", "no", "false", "×"]));
  for (const word of yes) expect(parseBoolean(word), word).toBe(true);
  for (const word of no) expect(parseBoolean(word), word).toBe(false);
  // every word the parser takes is listed
  expect([...yes, ...no, "是", "否"].sort()).toEqual([...BOOLEAN_WORDS.keys()].sort());
  // as written in a file: in capitals, full-width
  expect([parseBoolean("Y"), parseBoolean("ＴＲＵＥ"), parseBoolean("×")]).toEqual([true, true, false]);
  // what it says is a problem is one
  expect(parseBoolean("有"), "有").toBeInstanceOf(Invalid);
});

test("the dates it says are problems are refused: the year last or in two digits, a time without its date", () => {
  for (const text of ["12/1/2018", "18/12/1", "08:30"]) {
    expect(doc, text).toContain(`\`${text}\``);
    expect(parseDate(text, "start"), text).toBeInstanceOf(Invalid);
  }
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
