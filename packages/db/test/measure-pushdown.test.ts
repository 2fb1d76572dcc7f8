/**
 * The measure push-down computes exactly what the in-memory pass computes
 * (the engine's measures/record-js.ts defines the semantics), on both databases: random data
 * and random rubric text — predicates and numeric expressions over every
 * construct of the language — checked for every measure, unit and window.
 * Then the shipped rubrics, scored over the demo data for a month and a year
 * through both sources, publish identical results.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type CalendarDay, type Dataset, generateDemoDataset, normalizeHeader, writeDemoFiles } from "@kaohe/data";
import { parse } from "@kaohe/rules-dsl";
import {
  compileRubric,
  dayOf,
  InMemoryMeasureSource,
  localDate,
  type MeasurePlan,
  type MeasureSource,
  periodWindow,
  scoreMonth,
  scoreYear,
} from "@kaohe/rules-engine";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { importFiles } from "../src/import.ts";
import { compileMeasureQuery, SqlMeasureSource } from "../src/measure-sql.ts";
import type { RawDb } from "../src/raw.ts";
import { rebuildWorkdays } from "../src/workday-sql.ts";
import { databases, useDatabase } from "./support/databases.ts";
import { useTempDir } from "./support/files.ts";
import { replaceRecords } from "./support/records.ts";
import { dataArb, EDGES, type GeneratedData, type GeneratedRubric, type OddParts, QUERY_UNITS, rubricArb, UNITS, WINDOWS } from "./support/rubric-gen.ts";

/**
 * Cases per database and run: each run draws a new seed (fast-check prints it with a difference found; KAOHE_PUSHDOWN_SEED
 * replays it), so the runs add up. 100 of each: 200 on both databases were 57 s of a 2-core machine's whole suite, its
 * longest non-browser file; KAOHE_PUSHDOWN_RUNS=2000 for a longer search.
 */
const NUM_RUNS = Number(process.env.KAOHE_PUSHDOWN_RUNS ?? 100);
const SEED = process.env.KAOHE_PUSHDOWN_SEED ? Number(process.env.KAOHE_PUSHDOWN_SEED) : undefined;

/**
 * Two sums are alike within 1e-9 of their size, or within what adding `terms` terms each up to `largestTerm` in another
 * order can round to: the terms of 数A × 123456789.012345 are near 1e10, and when they cancel (3.5 and -2 and -1.5 of
 * them) one order of adding leaves 2.2e-8, another 3.0e-8 (an ulp of the terms, not a difference in what is summed).
 */
const close = (a: number | null, b: number | null, terms = 0, largestTerm = 0) =>
  a === b || (a !== null && b !== null && Math.abs(a - b) <= Math.max(1e-9 * Math.max(1, Math.abs(a), Math.abs(b)), 4 * terms * Number.EPSILON * largestTerm));

/**
 * Every measure of the plan, for every unit and window: the SQL values and evidence against the in-memory ones.
 * `largestTerm` says how large one record's term of a sum can be (none said: small), `terms` how many records there are.
 */
async function compareSources(
  plan: MeasurePlan,
  sql: MeasureSource,
  memory: MeasureSource,
  evidenceWindow: number,
  largestTerm: Readonly<Record<string, number>> = {},
  terms = 0,
): Promise<string[]> {
  const problems: string[] = [];
  for (const [w, window] of WINDOWS.entries()) {
    const query = {
      window: { label: window.label, start: window.start, end: window.end },
      previous: window.previous,
      asOf: window.asOf,
      units: QUERY_UNITS,
      evidence: w === evidenceWindow,
    };
    // a window the calendar does not cover (with a month either side) is an error, the same one in both
    const [a, b] = await Promise.all([attempt(() => sql.compute(plan, query)), attempt(() => memory.compute(plan, query))]);
    if (a instanceof Error || b instanceof Error) {
      const [ea, eb] = [a, b].map((x) => (x instanceof Error ? x.message : "no error"));
      if (ea !== eb) problems.push(`${window.label}: sql ${ea}, in memory ${eb}`);
      continue;
    }
    for (const m of plan.measures) {
      for (const unit of QUERY_UNITS) {
        const x = a.value(unit, m.name);
        const y = b.value(unit, m.name);
        const exact = m.aggregate === "count";
        if (exact ? x !== y : !close(x, y, terms, largestTerm[m.name] ?? 0))
          problems.push(`${window.label} ${unit} ${m.name} (${m.aggregate}): sql ${x}, in memory ${y}`);
        if (query.evidence) {
          const ex = [...a.evidence(unit, m.name)].sort();
          const ey = [...b.evidence(unit, m.name)].sort();
          if (ex.join() !== ey.join()) problems.push(`${window.label} ${unit} ${m.name} evidence: sql [${ex}], in memory [${ey}]`);
        }
      }
    }
  }
  return problems;
}

async function attempt<T>(f: () => T | Promise<T>): Promise<T | Error> {
  try {
    return await f();
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err));
  }
}

/**
 * The property's holiday calendar: 2017 and 2018 as the State Council's notices have them (国庆中秋 2017, 春节 2018
 * …, with their 调休 weekends), and 2016, 2019, 2020 covered by one row each, so that most deadlines land inside it;
 * a date beyond it reads as missing in both sources.
 */
const day = (date: string, type: "休" | "班") => ({ date: localDate(...(date.split("-").map(Number) as [number, number, number])), type, note: null });
export const PROPERTY_CALENDAR: CalendarDay[] = [
  day("2016-01-01", "休"),
  ...["2017-01-02", "2017-01-27", "2017-01-30", "2017-01-31", "2017-02-01", "2017-02-02", "2017-04-03", "2017-04-04", "2017-05-01"].map((d) => day(d, "休")),
  ...["2017-05-29", "2017-05-30", "2017-10-02", "2017-10-03", "2017-10-04", "2017-10-05", "2017-10-06"].map((d) => day(d, "休")),
  ...["2017-01-22", "2017-02-04", "2017-04-01", "2017-05-27", "2017-09-30"].map((d) => day(d, "班")),
  ...["2018-01-01", "2018-02-15", "2018-02-16", "2018-02-19", "2018-02-20", "2018-02-21", "2018-04-05", "2018-04-06"].map((d) => day(d, "休")),
  ...["2018-04-30", "2018-05-01", "2018-06-18", "2018-09-24", "2018-10-01", "2018-10-02", "2018-10-03", "2018-10-04", "2018-10-05"].map((d) => day(d, "休")),
  ...["2018-02-11", "2018-02-24", "2018-04-08", "2018-04-28", "2018-09-29", "2018-09-30", "2018-12-29"].map((d) => day(d, "班")),
  day("2018-12-31", "休"),
  day("2019-01-01", "休"),
  day("2020-01-01", "休"),
];

/** The calendar stored as an import stores it, with its day table. */
async function storeCalendar(raw: RawDb, days: readonly CalendarDay[]): Promise<void> {
  await raw.execute(`DELETE FROM "holidays"`);
  if (days.length)
    await raw.insertMany(
      "holidays",
      ["day", "type", "note"],
      days.map((d) => [dayOf(d.date), d.type, d.note]),
    );
  await rebuildWorkdays(raw);
}

describe.each(databases)("SQL push-down = in-memory measures on $label", (target) => {
  const t = useDatabase(target);

  it("working days: the hand-computed goldens of 2017 国庆中秋 and 2018 春节, and a year outside the calendar, alike in SQL", async () => {
    await workdaysHold(t.raw);
  });

  it("the differences the property found stay fixed", async () => {
    await regressionsHold(t.raw);
  });

  it("attribute labels and strings of every shape, and expressions at the limits, are computed alike (or rejected by check)", async () => {
    await limitsHold(t.raw);
  });

  it(
    `random records and random rubric text give identical measures (${NUM_RUNS} cases)`,
    async () => {
      const sql = new SqlMeasureSource(t.raw);
      await storeCalendar(t.raw, PROPERTY_CALENDAR);
      let rejected = 0;
      await fc.assert(
        fc.asyncProperty(dataArb, rubricArb, fc.nat(WINDOWS.length - 1), async (generated: GeneratedData, rubric: GeneratedRubric, evidenceWindow: number) => {
          // what check must reject (a control character, a number beyond the limits) it rejects, with exactly those codes
          const errors = parse(rubric.text).diagnostics.filter((d) => d.severity === "error");
          expect([...new Set(errors.map((d) => d.code))].sort()).toEqual(rubric.rejectedWith);
          if (rubric.rejectedWith.length > 0) {
            rejected++;
            return;
          }
          const compiled = compileRubric(rubric.text);
          const data = withOddAttributes(generated, rubric.odd);
          await replaceRecords(t.raw, { units: UNITS, ...data });
          const memory = new InMemoryMeasureSource({ ...data, calendar: PROPERTY_CALENDAR });
          const problems = await compareSources(compiled.plan, sql, memory, evidenceWindow, rubric.largestTerm, data.orders.length + data.events.length);
          if (problems.length > 0) throw new Error(`${problems.length} difference(s):\n${problems.slice(0, 12).join("\n")}`);
        }),
        { numRuns: NUM_RUNS, seed: SEED, endOnFailure: false },
      );
      console.info(
        `[push-down property, ${target.label}] ${NUM_RUNS} cases: ${NUM_RUNS - rejected} accepted by check and compared, ${rejected} rejected as expected`,
      );
    },
    60_000 + NUM_RUNS * 200,
  );
});

/** The generated rubric's odd attributes in the data: under their labels as an import stores them (normalized header; trimmed, non-empty values). */
function withOddAttributes(data: GeneratedData, odd: OddParts): GeneratedData {
  const keys = odd.labels.map(normalizeHeader);
  const orders = data.orders.map((order, i) => {
    const attributes = { ...order.attributes };
    keys.forEach((key, j) => {
      const values = odd.values[j] as string[];
      const value = (values[i % values.length] as string).trim();
      if (key && (i + j) % 3 !== 0) attributes[key] = value || "x";
    });
    return { ...order, attributes };
  });
  return { ...data, orders };
}

/** Predicates and expressions that once differed between SQL and memory (or failed in SQL), with orders that reach them. */
const REGRESSIONS: { where: string; of?: string }[] = [
  // SQLite's ROUND() rounds the binary value (2.675 → 2.67) and ignores negative digits
  { where: "round(2.675, 2) = 2.68" },
  { where: "round(数A × 100 + 0.5, (-2)) = 1200" },
  { where: "round(数A, 退回重办次数 - 退回重办次数 + 1) = 1.5", of: "round(数A, 1)" },
  // PostgreSQL failed on levels() of a number (the checker allows any value)
  { where: "levels(退回重办次数, 满意: 1) = 0", of: "levels(退回重办次数, 满意: 1)" },
  { where: "levels(已回访, 满意: 1) = 0" },
  // PostgreSQL read no datetime attribute (substring() returned its capture group), and failed on 2017-02-30; a text with
  // an offset from UTC is read at it (both read it at UTC+8, by its leading date)
  { where: "时D is missing" },
  { where: "时D is not missing", of: "hours(受理时间, 时D)" },
  { where: "时D in period" },
  { where: "时D < 受理时间", of: "hours(时D, 受理时间)" },
  // the hour of a Beijing day and its start (new: each dialect's floor, the 8 hours' offset, a time at midnight)
  { where: "hour_of(受理时间) >= 18 or hour_of(受理时间) < 8", of: "hour_of(受理时间)" },
  { where: "时D is not missing", of: "hours(day_start(时D), 受理时间)" },
  { where: "day_start(受理时间) = day_start(办理时限)" },
  // decimal literals are binary floating point in memory: 0.1 × 3 is not 0.3
  { where: "0.1 × 3 = 0.3" },
  { where: "退回重办次数 × 0.1 = 0.3" },
  { where: "levels(结果满意度, 满意: 1, 基本满意: 0.9) × 3 = 2.7" },
  { where: "0.1 + 0.2 > 0.3" },
  // after `x is not missing and`, SQL tests x without a guard: a missing x must still make the whole false, also where a
  // value is needed (under not, compared with =)
  { where: "数A is not missing and not (数A > 1)" },
  { where: "not (数A is not missing and 数A > 1.5)" },
  { where: "(数A is not missing and 数A < 2) = 否" },
  { where: "时D is not missing and not (时D < 受理时间 or 数A > 100)" },
];

async function regressionsHold(raw: import("../src/raw.ts").RawDb): Promise<void> {
  const measures = REGRESSIONS.flatMap((r, i) => [
    `measure r${i} = count 所有工单 where ${r.where}`,
    `measure q${i} = sum 所有工单 of ${r.of ?? "退回重办次数"} where ${r.where}`,
  ]);
  const text = `rubric "回归" version "r" example
  in force from 2017-01
orders {
  attribute 数A "响应时长（小时）" number
  attribute 时D datetime
}
population 所有工单 = orders
measure 工单数 = count 所有工单
${measures.join("\n")}
monthly 月度 {
  item 量 10 points = min(10, 工单数)
}
ranking {
  monthly 月度
  volume 工单数
}
`;
  const compiled = compileRubric(text);
  const base = {
    unit: "U1",
    source: "县中心",
    kind: null,
    dueAt: EDGES.oct26,
    extendedTo: null,
    closedAt: null,
    delayExcused: false,
    returned: false,
    returnAccepted: false,
  };
  const rest = { anonymous: false, visited: true, processSatisfaction: null, closureType: null, rebound: false, leaderInstructed: false };
  const orders = [
    ["2017-10-03", "12", 0, "基本满意"],
    ["2017-02-30", "1.45", 3, "满意"],
    ["2017-10-31 23:59:59", "1.55", 1, null],
    ["2017-10-03 14:5", "abc", 2, "基本满意"],
    ["2017-13-01", "-0.5", 0, "一般"],
    // with an offset from UTC, fractions of a second, spaces around, something after (no date, in both)
    ["2017-10-03T06:00:00Z", "2", 1, "满意"],
    ["2017-10-03 14:00:00 +0800 CST", "3", 0, null],
    [" 2017-10-02T20:30-05:30 ", "4", 2, "满意"],
    ["2017-10-03 14:00:00.5", "5", 0, "一般"],
    ["2017-10-03 14:00（补录）", "6", 1, null],
  ].map(([d, n, redo, sat], i) => ({
    ...base,
    ...rest,
    id: `R${i}`,
    receivedAt: EDGES.oct1 + i * 3_600_000,
    redoCount: redo as number,
    resultSatisfaction: sat as "满意" | null,
    attributes: { 时D: d as string, 数A: n as string },
  }));
  const data = { orders, events: [] };
  await replaceRecords(raw, { units: UNITS, ...data });
  const problems = await compareSources(compiled.plan, new SqlMeasureSource(raw), new InMemoryMeasureSource(data), 0);
  expect(problems).toEqual([]);
}

/**
 * Working days on hand-made orders, with the values worked out by hand (the calendar is this test's data: 2017-09-30
 * 班, 10-01..10-08 休; 2018-02-11 班, 02-15..02-21 休), in SQL and in memory; then a calendar without 2018, where a
 * 2018 date reads as missing in both, and a period running into 2018 is the same error naming 2018 in both.
 */
async function workdaysHold(raw: RawDb): Promise<void> {
  const rows = (type: "休" | "班", ...dates: string[]) => dates.map((d) => day(d, type));
  const cal2017 = [...rows("班", "2017-09-30"), ...rows("休", "2017-10-02", "2017-10-03", "2017-10-04", "2017-10-05", "2017-10-06")];
  const cal2018 = [
    ...rows("班", "2018-02-11", "2018-02-24"),
    ...rows("休", "2018-01-01", "2018-02-15", "2018-02-16", "2018-02-19", "2018-02-20", "2018-02-21"),
  ];
  const text = `rubric "工作日" version "w" example
  in force from 2017-01
orders {
  field 有效时限 = 延期至 ?? add_workdays(受理时间, 3)
}
population 工单集 = orders
measure 工单数 = count 工单集
measure 超期 = count 工单集 where 办结时间 > 有效时限
measure 工作日 = sum 工单集 of workdays(受理时间, 办结时间)
measure 时限 = sum 工单集 of days(期初, 有效时限)
measure 当日 = sum 工单集 of days(期初, add_workdays(受理时间, 0))
measure 常量 = count 工单集 where workdays(2017-09-29, 受理时间) = 2
monthly 月度 {
  item 量 10 points = min(10, 工单数)
}
ranking {
  monthly 月度
  volume 工单数
}
`;
  const compiled = compileRubric(text);
  const at = (s: string) => {
    const [d, h = "00:00"] = s.split(" ");
    const [y, m, dd] = (d as string).split("-").map(Number);
    const [hh, mm] = h.split(":").map(Number);
    return localDate(y as number, m as number, dd as number) + ((hh as number) * 60 + (mm as number)) * 60_000;
  };
  const base = {
    unit: "U1",
    source: "县中心",
    kind: null,
    dueAt: at("2018-03-01"),
    extendedTo: null,
    delayExcused: false,
    returned: false,
    returnAccepted: false,
    redoCount: 0,
    anonymous: false,
    visited: false,
    processSatisfaction: null,
    resultSatisfaction: null,
    closureType: null,
    rebound: false,
    leaderInstructed: false,
    attributes: {},
  };
  const orders = [
    // 09-28 Thu + 3 → 09-29, 09-30 (班), 10-09: deadline 10-09 end; closed 10-10: late; workdays 09-28 → 10-10 = 09-29, 09-30, 10-09, 10-10 = 4
    { ...base, id: "W1", receivedAt: at("2017-09-28 09:00"), closedAt: at("2017-10-10 09:00") },
    // 10-03 (休) + 3 → 10-09, 10, 11; closed 10-11 17:00: on time; workdays 3; + 0 → 10-09
    { ...base, id: "W2", receivedAt: at("2017-10-03 10:00"), closedAt: at("2017-10-11 17:00") },
    // 2018-02-09 Fri + 3 → 02-11 (班), 02-12, 02-13; closed 02-22: late; workdays 02-11, 12, 13, 14, 22 = 5
    { ...base, id: "W3", receivedAt: at("2018-02-09 15:00"), closedAt: at("2018-02-22 10:00") },
    // extended: its own deadline; open: no working days
    { ...base, id: "W4", receivedAt: at("2017-10-09 10:00"), extendedTo: at("2017-10-20 18:00"), closedAt: null },
  ];
  const data = { orders, events: [] };
  await replaceRecords(raw, { units: UNITS, ...data });
  // every order is in the population; the window (with a month either side) stays inside the calendar's two years
  const window = { label: "2017-02..2018-11", start: localDate(2017, 2, 1), end: localDate(2018, 12, 1) };
  const query = { window, asOf: window.end, units: ["U1"], evidence: true };
  const values = async (source: MeasureSource, q = query) => {
    const v = await source.compute(compiled.plan, q);
    return Object.fromEntries(["超期", "工作日", "时限", "当日", "常量"].map((m) => [m, [v.value("U1", m), [...v.evidence("U1", m)].sort().join()]]));
  };
  await storeCalendar(raw, [...cal2017, ...cal2018]);
  const sql = await values(new SqlMeasureSource(raw));
  const memory = await values(new InMemoryMeasureSource({ ...data, calendar: [...cal2017, ...cal2018] }));
  const days = (deadline: string) => (at(deadline) + 86_400_000 - 1 - window.start) / 86_400_000;
  expect(sql).toEqual(memory);
  expect(sql.超期).toEqual([2, "W1,W3"]);
  expect(sql.工作日).toEqual([4 + 3 + 5, "W1,W2,W3"]);
  expect(sql.时限?.[0]).toBeCloseTo(days("2017-10-09") + days("2017-10-11") + days("2018-02-13") + (at("2017-10-20 18:00") - window.start) / 86_400_000, 6);
  // add_workdays(t, 0): W1 09-28 itself, W2 (10-03 休) 10-09, W3 02-09 itself, W4 10-09 itself
  expect(sql.当日?.[0]).toBeCloseTo(days("2017-09-28") + days("2017-10-09") + days("2018-02-09") + days("2017-10-09"), 6);
  // workdays(2017-09-29, 受理时间) = 2: received 10-09 (09-30, 10-09) — W4; W2 (10-03) gives 1
  expect(sql.常量).toEqual([1, "W4"]);

  // 2018 not imported: the window 2017-10 and a month around it are covered; W3's 2018 dates read as missing in both
  // (it is neither late nor counted in working days), whichever operand of `and` the database evaluates first
  await storeCalendar(raw, cal2017);
  const october = { label: "2017-10", start: localDate(2017, 10, 1), end: localDate(2017, 11, 1) };
  const oct = { window: october, asOf: october.end, units: ["U1"], evidence: true };
  const without2018 = await values(new SqlMeasureSource(raw), oct);
  expect(without2018).toEqual(await values(new InMemoryMeasureSource({ ...data, calendar: cal2017 }), oct));
  expect(without2018.超期).toEqual([1, "W1"]);
  expect(without2018.工作日).toEqual([4 + 3, "W1,W2"]);
  // a window the calendar does not cover, or whose month after it runs into an uncovered year: refused before any
  // record is read, naming the year, the same message in both
  const december = { label: "2017-12", start: localDate(2017, 12, 1), end: localDate(2018, 1, 1) };
  const dec = { window: december, asOf: december.end, units: ["U1"], evidence: false };
  const messages = await Promise.all(
    [new SqlMeasureSource(raw), new InMemoryMeasureSource({ ...data, calendar: cal2017 })].map(async (s) => {
      const r = await attempt(() => s.compute(compiled.plan, dec));
      return r instanceof Error ? r.message : "no error";
    }),
  );
  expect(messages[0]).toMatch(/^缺少 2018 年的节假日安排（已有 2017 年）/);
  expect(messages[0]).toBe(messages[1]);
  const january = { label: "2018-01", start: localDate(2018, 1, 1), end: localDate(2018, 2, 1) };
  await expect(new SqlMeasureSource(raw).compute(compiled.plan, { ...dec, window: january })).rejects.toThrow(/缺少 2018 年的节假日安排/);
  await storeCalendar(raw, []);
}

/** Attribute labels (the key a column is found by) that once broke SQLite's JSON path, or might. */
const ODD_LABELS = ["尾反斜杠\\", '引"号', "单'引号", "$.a[0]", "点.号", "[方括号]", "😀表情", "\\\\双反斜杠", '\\"', "\\u0041", "a\tb"];

async function limitsHold(raw: import("../src/raw.ts").RawDb): Promise<void> {
  const quote = (s: string) => `"${s.replace(/[\\"]/g, (c) => `\\${c}`).replace(/\t/g, "\\t")}"`;
  const attrs = ODD_LABELS.map((label, i) => `  attribute 属${i} ${quote(label)} text`).join("\n");
  const long = (n: number, op: string, x: string) => Array(n).fill(x).join(` ${op} `);
  const wheres = [
    ...ODD_LABELS.map((label, i) => `属${i} = ${quote(`值${label}`)}`),
    ...ODD_LABELS.map((_, i) => `属${i} is missing`),
    `来源 in [${["县中心\\", '"市中心"', "😀"].map(quote).join(", ")}]`,
    "来源 in []",
    "来源 not in []",
    "诉求类型 not in []",
    "round(数A, 400) = 数A",
    "round(数A, 0 - 400) = 0",
    "round(数A, 0.5) = round(数A)",
    "round(数A, 1.9) = round(数A, 1)",
    "round(数A, 退回重办次数 × 1000) > 0",
    "数A is missing",
    "数A > 999999999999999",
    `${"(".repeat(60)}已回访${")".repeat(60)}`,
    long(500, "and", "已回访"),
    long(500, "or", "not 已回访"),
    `${long(499, "/", "2")} > 0`,
    `${long(499, "-", "0.1")} < 0`,
  ];
  const measures = wheres.flatMap((w, i) => [`measure r${i} = count 所有工单 where ${w}`, `measure q${i} = sum 所有工单 of 数A where ${w}`]);
  const text = `rubric "极限" version "x" example
  in force from 2017-01
orders {
  attribute 数A "响应时长（小时）" number
${attrs}
}
population 所有工单 = orders
measure 工单数 = count 所有工单
${measures.join("\n")}
monthly 月度 {
  item 量 10 points = min(10, 工单数)
}
ranking {
  monthly 月度
  volume 工单数
}
`;
  const compiled = compileRubric(text);
  const base = {
    unit: "U1",
    kind: null,
    dueAt: EDGES.oct26,
    extendedTo: null,
    closedAt: null,
    delayExcused: false,
    returned: false,
    returnAccepted: false,
    redoCount: 1,
    anonymous: false,
    processSatisfaction: null,
    resultSatisfaction: null,
    closureType: null,
    rebound: false,
    leaderInstructed: false,
  };
  // the last two are wrapped in whitespace JavaScript trims and an ASCII-only trim would not (ideographic, no-break)
  const numbers = [
    "1e400",
    "-1e400",
    "1e-400",
    "1e299",
    "1e-299",
    "2.675",
    "123456789012345678",
    "1e0001",
    "0.5",
    `1${"0".repeat(250)}`,
    "\u300012\u3000",
    "\u00a07 ",
  ];
  const orders = numbers.map((n, i) => ({
    ...base,
    id: `L${i}`,
    source: ["县中心\\", '"市中心"', "😀", "县中心"][i % 4] as string,
    receivedAt: EDGES.oct1 + i * 3_600_000,
    visited: i % 3 !== 0,
    // every other order has each odd attribute, under its label (as an import of a column headed so stores it)
    attributes: Object.fromEntries([["数A", n], ...ODD_LABELS.filter((_, j) => (i + j) % 2 === 0).map((label) => [label, `值${label}`])]),
  }));
  const data = { orders, events: [] };
  await replaceRecords(raw, { units: UNITS, ...data });
  const problems = await compareSources(compiled.plan, new SqlMeasureSource(raw), new InMemoryMeasureSource(data), 0);
  expect(problems).toEqual([]);
  // and the odd attributes were found, not just missing alike
  const memory = await new InMemoryMeasureSource(data).compute(compiled.plan, {
    window: { label: WINDOWS[0]?.label ?? "", start: WINDOWS[0]?.start ?? 0, end: WINDOWS[0]?.end ?? 0 },
    asOf: WINDOWS[0]?.asOf ?? 0,
    units: ["U1"],
    evidence: false,
  });
  for (let i = 0; i < ODD_LABELS.length; i++) expect(memory.value("U1", `r${i}`), ODD_LABELS[i]).toBe(numbers.length / 2);
}

// ---------------------------------------------------------------- shipped rubrics over the demo data

const rulesDir = new URL("../../../rules/", import.meta.url).pathname;
const shippedRubrics = [join(rulesDir, "huantai/2017.kh"), ...readdirSync(join(rulesDir, "examples")).map((f) => join(rulesDir, "examples", f))].filter((f) =>
  f.endsWith(".kh"),
);

describe.each(databases)("shipped rubrics scored through SQL and in memory on $label", (target) => {
  const t = useDatabase(target);
  const dir = useTempDir();
  let demo: Dataset;

  beforeAll(async () => {
    if (target.unavailable) return;
    demo = generateDemoDataset();
    const paths = await writeDemoFiles(dir, demo);
    const result = await importFiles(
      t.db,
      Object.values(paths).map((path) => ({ path })),
      { actor: "demo" },
    );
    if (!result.ok) throw new Error(`demo import failed: ${JSON.stringify(result.problems.slice(0, 3))}`);
  });

  /** What is published: scores, ranks, bands and every item's points, rounded as published. */
  const published = (r: Awaited<ReturnType<typeof scoreMonth>>) => ({
    period: r.period,
    window: r.window,
    asOf: r.asOf,
    months: r.months,
    units: r.units.map((u) => ({
      unit: u.unit.code,
      group: u.group,
      score: u.score,
      published: u.published,
      rank: u.rank,
      overallRank: u.overallRank,
      ranked: u.ranked,
      volume: u.volume,
      band: u.band,
      vetoes: u.vetoes,
      sanctions: u.sanctions,
      indicators: u.indicators,
      items: u.items.map((i) => ({ code: i.code, points: i.points, published: i.published, substituted: i.substituted, reasons: i.reasons })),
    })),
  });

  /** The records behind each measure and adjustment, of the units evidence was asked for (the in-memory pass collects more). */
  const evidence = (r: Awaited<ReturnType<typeof scoreMonth>>, units: readonly string[]) =>
    r.units
      .filter((u) => units.includes(u.unit.code))
      .flatMap((u) =>
        u.items.flatMap((i) => [
          // sums may differ in the last bits (summation order; SQLite sums reals compensated)
          ...i.measures.map((m) => [u.unit.code, i.code, m.name, m.value === null ? null : Number(m.value.toPrecision(12)), [...m.records].sort()]),
          ...i.adjustments.map((a) => [u.unit.code, i.code, a.rule, a.count, a.points, [...a.records].sort()]),
        ]),
      );

  it("orders from sources a rubric does not declare: the same warning, with the same count, in SQL and in memory", async () => {
    if (target.unavailable) return;
    // the demo's orders come from 县中心 and 市中心; this rubric declares only 县中心
    const rubric = compileRubric(`rubric "来源" version "s" example
  in force from 2017-09
category 镇
sources "县中心"
population 工单 = orders where 受理时间 in period
measure 工单数 = count 工单
monthly 月度 {
  item 量 10 points = min(10, 工单数)
}
ranking {
  monthly 月度
  volume 工单数
}
`);
    const memory = { units: demo.units, facts: demo.facts, source: new InMemoryMeasureSource(demo) };
    const sql = { units: demo.units, facts: demo.facts, source: new SqlMeasureSource(t.raw) };
    const warnings = (r: Awaited<ReturnType<typeof scoreMonth>>) => r.units.map((u) => [u.unit.code, u.warnings]);
    const [mm, ms] = [await scoreMonth(rubric, memory, "2018-03", { evidence: false }), await scoreMonth(rubric, sql, "2018-03", { evidence: false })];
    expect(warnings(ms)).toEqual(warnings(mm));
    expect(mm.units.some((u) => u.warnings.some((w) => /^本期受理的工单中有 \d+ 件的来源不在规则声明的工单来源/.test(w)))).toBe(true);
  });

  it.each(shippedRubrics.map((f) => [f.slice(rulesDir.length)]))("%s: months and a year publish identical results", async (file) => {
    const rubric = compileRubric(readFileSync(join(rulesDir, file), "utf8"), file);
    const memory = { units: demo.units, facts: demo.facts, source: new InMemoryMeasureSource(demo) };
    const sql = { units: demo.units, facts: demo.facts, source: new SqlMeasureSource(t.raw) };
    const withEvidence: { evidence: readonly string[] } = { evidence: ["HTZ01", "HTJD01"] };

    // the first month in force (2017-09 for Huantai: a part month of data) and a month well inside the demo data
    for (const month of [rubric.header.from, "2018-03"]) {
      const [mm, ms] = [await scoreMonth(rubric, memory, month, withEvidence), await scoreMonth(rubric, sql, month, withEvidence)];
      expect(published(ms)).toEqual(published(mm));
      expect(mm.units.some((u) => u.volume > 0)).toBe(true);
      expect(evidence(ms, withEvidence.evidence)).toEqual(evidence(mm, withEvidence.evidence));
      expect(evidence(mm, withEvidence.evidence).some((e) => (e.at(-1) as string[]).length > 0)).toBe(true);
      // the other ranked assessments (a half year, a season) publish alike too
      for (const also of rubric.ranking.alsoRanked.filter((x) => x.schedule === "monthly")) {
        const options = { assessment: also.name, evidence: false };
        expect(published(await scoreMonth(rubric, sql, month, options))).toEqual(published(await scoreMonth(rubric, memory, month, options)));
      }
    }
    if (!rubric.ranking.yearly) return;
    for (const year of new Set([Number(rubric.header.from.slice(0, 4)), 2018])) {
      const [ym, ys] = [await scoreYear(rubric, memory, year, { evidence: false }), await scoreYear(rubric, sql, year, { evidence: false })];
      expect(published(ys)).toEqual(published(ym));
      expect(ym.months.length).toBeGreaterThan(0);
    }
  });
  it("units set up or abolished within a quarter or a year: their own months counted, alike in SQL and in memory", async () => {
    if (target.unavailable) return;
    // one town abolished after May, one set up in August (the demo's records run on before and after)
    const units = demo.units.map((u, i) => (i === 0 ? { ...u, untilMonth: "2018-05" } : i === 1 ? { ...u, fromMonth: "2018-08" } : u));
    const memory = { units, facts: demo.facts, source: new InMemoryMeasureSource(demo) };
    const sql = { units, facts: demo.facts, source: new SqlMeasureSource(t.raw) };
    const quarterly = compileRubric(readFileSync(join(rulesDir, "examples/quarterly-zh-example.kh"), "utf8"));
    for (const month of ["2018-06", "2018-09"]) {
      const options = { assessment: "季度考核", evidence: [units[0]?.code, units[1]?.code] as string[] };
      const [mm, ms] = [await scoreMonth(quarterly, memory, month, options), await scoreMonth(quarterly, sql, month, options)];
      expect(published(ms)).toEqual(published(mm));
      expect(evidence(ms, options.evidence)).toEqual(evidence(mm, options.evidence));
    }
    const huantai = compileRubric(readFileSync(join(rulesDir, "huantai/2017.kh"), "utf8"));
    const [ym, ys] = [await scoreYear(huantai, memory, 2018, { evidence: false }), await scoreYear(huantai, sql, 2018, { evidence: false })];
    expect(published(ys)).toEqual(published(ym));
    // the abolished town's year counts its orders of January to May only: fewer than the whole year's
    const whole = await scoreYear(huantai, { ...sql, units: demo.units }, 2018, { evidence: false });
    const volume = (r: typeof ys, code: string | undefined) => r.units.find((u) => u.unit.code === code)?.volume ?? 0;
    expect(volume(ys, units[0]?.code)).toBeGreaterThan(0);
    expect(volume(ys, units[0]?.code)).toBeLessThan(volume(whole, units[0]?.code));
  });

  // what keeps a month of 1,000,000 orders under a second on SQLite (see `pnpm bench`): each unit's orders of the month
  // are one range of the table, read in unit order and summed as they come; nothing is sorted
  it.runIf(target.provider === "sqlite")("on SQLite a month's orders are read unit by unit from the table's own order, without sorting", async () => {
    const rubric = compileRubric(readFileSync(join(rulesDir, "huantai/2017.kh"), "utf8"));
    const { window, asOf } = periodWindow(rubric, "2018-03");
    const specs = rubric.plan.measures.filter((m) => m.record === "orders");
    const query = compileMeasureQuery(rubric.plan, specs, "orders", "sqlite", { start: window.start, end: window.end, asOf });
    const plan = (await t.raw.query<{ detail: string }>(`EXPLAIN QUERY PLAN ${query.sql}`)).map((r) => r.detail);
    expect(plan).toContain("SEARCH orders USING PRIMARY KEY (unit=? AND receivedAt>? AND receivedAt<?)");
    expect(plan.filter((d) => /TEMP B-TREE/.test(d))).toEqual([]);
  });
});
