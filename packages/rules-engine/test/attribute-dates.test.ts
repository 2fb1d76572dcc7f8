/**
 * A date-time in an extra column (`attribute 签收时间 datetime`) is read whole: a text with an offset from UTC is read at
 * that offset, and a text with anything else after its date (or before it) is no date. Read by its leading date, a
 * 签收时间 of 2019-03-10T06:00:00Z (14:00 in Beijing) was 06:00, and an order signed after four hours counted as signed
 * within two (found by a helper writing a city's rubric). The import refuses what this does not read (import-checks.ts);
 * the PostgreSQL push-down reads the same texts alike (db measure-pushdown.test.ts).
 */
import { expect, it } from "vitest";
import { H } from "../src/measures/record-js.ts";

/** Epoch ms of a Beijing wall-clock time: UTC+8, no daylight saving. */
const beijing = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0) => Date.UTC(y, mo - 1, d, h - 8, mi, s);

it("reads a date and a time of day as Beijing time, with seconds and their fraction or without", () => {
  expect(H.date("2019-03-10")).toBe(beijing(2019, 3, 10));
  expect(H.date("2019/3/10 14:05")).toBe(beijing(2019, 3, 10, 14, 5));
  expect(H.date("2019-03-10T14:05:30")).toBe(beijing(2019, 3, 10, 14, 5, 30));
  // Excel's and a database's milliseconds: the second is what counts
  expect(H.date("2019-03-10 14:05:30.250")).toBe(beijing(2019, 3, 10, 14, 5, 30));
  expect(H.date("  2019-03-10 14:05  ")).toBe(beijing(2019, 3, 10, 14, 5));
});

it("reads a time with its offset from UTC at that offset", () => {
  // 06:00 UTC is 14:00 in Beijing
  expect(H.date("2019-03-10T06:00:00Z")).toBe(beijing(2019, 3, 10, 14));
  expect(H.date("2019-03-10 06:00:00 z")).toBe(beijing(2019, 3, 10, 14));
  expect(H.date("2019-03-10T14:00:00+08:00")).toBe(beijing(2019, 3, 10, 14));
  expect(H.date("2019-03-10 14:00:00 +0800 CST")).toBe(beijing(2019, 3, 10, 14));
  // 01:00 at UTC−05 is 06:00 UTC, 14:00 in Beijing
  expect(H.date("2019-03-10T01:00-05")).toBe(beijing(2019, 3, 10, 14));
  expect(H.date("2019-03-10T01:00-05:30")).toBe(beijing(2019, 3, 10, 14, 30));
});

it("reads no date from a text with more than a date and its time: missing, as the import refuses it", () => {
  for (const text of ["2019-03-10 14:00（补录）", "约 2019-03-10", "2019-03-10 14:00 下午", "2019年3月10日 14时0分", "2019-03-10 14", "20190310"]) {
    expect([text, H.date(text)]).toEqual([text, null]);
  }
});
