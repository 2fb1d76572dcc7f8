import { describe, expect, it } from "vitest";
import {
  DateTimeCell,
  Invalid,
  parseBoolean,
  parseClosureType,
  parseCount,
  parseDate,
  parseFactValue,
  parseNumber,
  parseSatisfaction,
  parseSource,
  parseText,
  parseYear,
  REASONS,
} from "../../src/read/cell-values.ts";
import { shanghaiEpoch } from "../../src/shanghai-time.ts";

const END_OF_DAY = 24 * 3_600_000 - 1;

describe("parseDate", () => {
  it("reads the formats in the field as Asia/Shanghai local time", () => {
    expect(parseDate("2017-10-03 14:05", "start")).toBe(Date.UTC(2017, 9, 3, 6, 5));
    expect(parseDate("2017/10/3 14:05:00", "start")).toBe(shanghaiEpoch(2017, 10, 3, 14, 5));
    expect(parseDate(" 2017-10-03T14:05:07.5 ", "start")).toBe(shanghaiEpoch(2017, 10, 3, 14, 5, 7, 500));
    expect(parseDate("2017年10月3日 14:05", "start")).toBe(shanghaiEpoch(2017, 10, 3, 14, 5));
    expect(parseDate("２０１７－１０－０３　１４：０５", "start")).toBe(shanghaiEpoch(2017, 10, 3, 14, 5));
  });

  it("reads Chinese dates written with spaces or 点, and eight-digit dates (20181203), as text or as a number", () => {
    expect(parseDate("2018 年 12 月 3 日", "start")).toBe(shanghaiEpoch(2018, 12, 3));
    expect(parseDate("2018年12月3日 8点5分", "start")).toBe(shanghaiEpoch(2018, 12, 3, 8, 5));
    expect(parseDate("2018年12月3日 8点", "start")).toBe(shanghaiEpoch(2018, 12, 3, 8));
    expect(parseDate("2018年12月3日17时整", "deadline")).toBe(shanghaiEpoch(2018, 12, 3, 17));
    expect(parseDate("2018 年 12 月 3 日 14 时 05 分 30 秒", "start")).toBe(shanghaiEpoch(2018, 12, 3, 14, 5, 30));
    expect(parseDate("20181203", "deadline")).toBe(shanghaiEpoch(2018, 12, 3) + END_OF_DAY);
    expect(parseDate(20181203, "start")).toBe(shanghaiEpoch(2018, 12, 3));
    // eight digits that are no date are still none
    expect(parseDate("20181340", "start")).toBeInstanceOf(Invalid);
    expect(parseDate(12345678, "start")).toBeInstanceOf(Invalid);
  });

  it("a time of day alone (its date in another column) is said to be one, not a date of 1899 (Excel's day 0)", () => {
    // a sheet with 受理日期 2018-12-03 and 受理时间 08:05: the time cell was said to be 1899-12-30 08:05, a placeholder
    const timeOnly = (cell: Parameters<typeof parseDate>[0]) => (parseDate(cell, "start") as Invalid).reason;
    expect(timeOnly("08:05")).toBe(REASONS.timeOnly);
    expect(timeOnly("8:05:30")).toBe(REASONS.timeOnly);
    // a time cell of a sheet (the fraction of a day, shown with its time), and the bare fraction
    expect(timeOnly(new DateTimeCell(Date.UTC(1899, 11, 30, 8, 5)))).toBe(REASONS.timeOnly);
    expect(timeOnly(0.336)).toBe(REASONS.timeOnly);
    expect(REASONS.timeOnly.zh).toContain("请合为一列，写作 2018-12-03 08:05");
    // Excel's day 0 with no time is still the placeholder for none
    expect(timeOnly(new Date(Date.UTC(1899, 11, 30)))).toBe(REASONS.dateOutOfRange);
  });

  it("reads a date alone as the start of the day, or the end of it for a deadline", () => {
    expect(parseDate("2017-10-03", "start")).toBe(shanghaiEpoch(2017, 10, 3));
    expect(parseDate("2017-10-03", "deadline")).toBe(shanghaiEpoch(2017, 10, 3) + END_OF_DAY);
    expect(parseDate("2017-10-03", "deadline")).toBe(shanghaiEpoch(2017, 10, 3, 23, 59, 59, 999));
    // a deadline with a time is that time
    expect(parseDate("2017-10-03 17:00", "deadline")).toBe(shanghaiEpoch(2017, 10, 3, 17));
  });

  it("reads a deadline at the day's last second (23:59:59, as platforms write a day's end) as the day's end, as the date alone", () => {
    const end = shanghaiEpoch(2018, 12, 4) + END_OF_DAY;
    expect(parseDate("2018-12-04 23:59:59", "deadline")).toBe(end);
    expect(parseDate("2018/12/4 23:59:59", "deadline")).toBe(end);
    // an Excel date-time cell, and a serial written to the second
    expect(parseDate(new Date(Date.UTC(2018, 11, 4, 23, 59, 59)), "deadline")).toBe(end);
    expect(parseDate(43438 + 86_399 / 86_400, "deadline")).toBe(end);
    // written with its zone: the Beijing day's last second, however written
    expect(parseDate("2018-12-04T23:59:59+08:00", "deadline")).toBe(end);
    expect(parseDate("2018-12-04T15:59:59Z", "deadline")).toBe(end);
    expect(parseDate("2018-12-04T23:59:59Z", "deadline")).toBe(shanghaiEpoch(2018, 12, 5, 7, 59, 59));
    // a second before is that second; a moment received or closed at 23:59:59 is that moment
    expect(parseDate("2018-12-04 23:59:58", "deadline")).toBe(shanghaiEpoch(2018, 12, 4, 23, 59, 58));
    expect(parseDate("2018-12-04 23:59:59", "start")).toBe(shanghaiEpoch(2018, 12, 4, 23, 59, 59));
  });

  it("drops the time of a day", () => {
    expect(parseDate("2017-10-03 14:05", "day")).toBe(shanghaiEpoch(2017, 10, 3));
    expect(parseDate("2017-10-03", "day")).toBe(shanghaiEpoch(2017, 10, 3));
  });

  it("reads Excel date cells as wall-clock time, midnight as a date alone", () => {
    expect(parseDate(new Date(Date.UTC(2017, 9, 3, 14, 5)), "start")).toBe(shanghaiEpoch(2017, 10, 3, 14, 5));
    expect(parseDate(new Date(Date.UTC(2017, 9, 3)), "deadline")).toBe(shanghaiEpoch(2017, 10, 3) + END_OF_DAY);
    expect(parseDate(new Date(Date.UTC(2017, 9, 3)), "start")).toBe(shanghaiEpoch(2017, 10, 3));
    // a serial day number: a date column whose format was lost
    expect(parseDate(43011, "deadline")).toBe(shanghaiEpoch(2017, 10, 3) + END_OF_DAY);
    expect(parseDate(43011.5, "start")).toBe(shanghaiEpoch(2017, 10, 3, 12));
  });

  it("reads a serial day number of a 1904 workbook (Excel for Mac) as Excel shows it: 4 years and a day later", () => {
    expect(parseDate(43011, "start", true)).toBe(shanghaiEpoch(2021, 10, 4));
    expect(parseDate(43011.5, "deadline", true)).toBe(shanghaiEpoch(2021, 10, 4, 12));
    // day 0 of the 1904 system is 1904-01-01: before 1990, a placeholder for none as in the 1900 system
    expect(parseDate(0, "start", true)).toEqual(new Invalid(REASONS.dateOutOfRange));
    expect(parseDate(0, "start")).toEqual(new Invalid(REASONS.notDate));
  });

  it("reads an ISO 8601 time with its offset from UTC as the Beijing time it is; T between date and time", () => {
    const beijing = shanghaiEpoch(2017, 10, 3, 14, 5);
    expect(parseDate("2017-10-03T14:05:00+08:00", "start")).toBe(beijing);
    expect(parseDate("2017-10-03T06:05:00Z", "start")).toBe(beijing);
    expect(parseDate("2017-10-03T06:05Z", "start")).toBe(beijing);
    expect(parseDate("2017-10-03T06:05:00.000z", "start")).toBe(beijing);
    expect(parseDate("2017-10-03 14:05:00+0800", "start")).toBe(beijing);
    // a space before the offset, as Ruby writes it
    expect(parseDate("2017-10-03 14:05:00 +0800", "start")).toBe(beijing);
    expect(parseDate("2017-10-03 14:05:00 +08:00", "start")).toBe(beijing);
    // Go's default format names the zone after the offset; the offset says the time (CST is also US Central)
    expect(parseDate("2017-10-03 14:05:00 +0800 CST", "start")).toBe(beijing);
    expect(parseDate("2017-10-03 00:05:00 -0600 CST", "start")).toBe(beijing);
    expect(parseDate("2017-10-03T02:05:00-04:00", "start")).toBe(beijing);
    expect(parseDate("2017-10-03T14:05:00.123456+08", "start")).toBe(beijing + 123);
    expect(parseDate("2017-10-03T14:05", "start")).toBe(beijing);
    // a deadline with its time is that moment; a day is the Beijing day of it
    expect(parseDate("2017-10-03T06:05:00Z", "deadline")).toBe(beijing);
    expect(parseDate("2017-10-02T20:00:00Z", "day")).toBe(shanghaiEpoch(2017, 10, 3));
    expect(parseDate("2100-12-31T20:00:00Z", "start")).toEqual(new Invalid(REASONS.dateOutOfRange));
    expect(parseDate("2017-10-03 06:05Z", "start")).toBe(beijing);
    // a span of time is no offset: 09:00-11:30 is not 09:00 at UTC−11:30
    for (const text of [
      "2017-10-03 09:00-11:30",
      "2017-10-03Z",
      "2017-10-03T06:05:00+8",
      "2017-10-03 14:05:00 CST",
      "2017-10-03 14:05:00 +0800 cst",
      "2017-10-03 14:05:00 +0800 CST8",
      "2017-10-03T06:05:00+25:00",
      "2017-10-03T06:05:00-13:00",
      "2017-10-03T06:05:00 Z",
      "2017-10-03T06:05:00+08:00x",
    ]) {
      expect(parseDate(text, "start")).toEqual(new Invalid(REASONS.notDate));
    }
  });

  it("treats empty as missing, and what exports write for none (NULL, a dash, 无)", () => {
    expect(parseDate("", "start")).toBeNull();
    expect(parseDate("  ", "deadline")).toBeNull();
    expect(parseDate(null, "start")).toBeNull();
    for (const none of ["NULL", "null", "Null", "-", "—", "／", " 无 ", "N/A", "n/a", "N/a", "#N/A"]) expect(parseDate(none, "deadline")).toBeNull();
    // a word that is no date is still refused
    expect(parseDate("未办结", "start")).toEqual(new Invalid(REASONS.notDate));
  });

  it.each([
    ["2017-13-01", REASONS.noSuchDate],
    ["2017-02-29", REASONS.noSuchDate],
    ["2017-10-03 24:01", REASONS.noSuchDate],
    ["2017-10-03 25:00", REASONS.noSuchDate],
    ["2017/9/1 下午 13:05", REASONS.noSuchDate],
    ["2017/9/1 上午 0:05", REASONS.noSuchDate],
    // five digits are a serial day number only within 1990–2100: 10000 is 1927
    ["10000", REASONS.notDate],
    ["2017", REASONS.notDate],
    ["2017-10-03 14:60", REASONS.noSuchDate],
    ["1017-10-03", REASONS.dateOutOfRange],
    ["03/10/2017", REASONS.ambiguousDate],
    ["2017-10-03 14", REASONS.notDate],
    ["2017-10/03", REASONS.notDate],
    ["明天", REASONS.notDate],
  ])("refuses %s", (text, reason) => {
    expect(parseDate(text, "start")).toEqual(new Invalid(reason));
  });

  it("refuses a date whose year is last or of two digits, saying why (1 December or 12 January?) and how to write it", () => {
    for (const text of ["12/1/2018 8:05", "12/5/2018", "01/12/2018 08:05", "05.12.2018", "18/12/1 8:05", "18-12-1", "1/12/18", "１２/１/２０１８ ８:０５"]) {
      expect(parseDate(text, "start")).toEqual(new Invalid(REASONS.ambiguousDate));
    }
    expect(REASONS.ambiguousDate.zh).toContain("12/1/2018 是 12 月 1 日还是 1 月 12 日？");
    expect(REASONS.ambiguousDate.zh).toContain("单元格格式设为 yyyy-mm-dd hh:mm");
    // the year first, as before
    expect(parseDate("2018/12/1 8:05", "start")).toBe(shanghaiEpoch(2018, 12, 1, 8, 5));
    expect(parseDate("2018.12.01", "deadline")).toBe(shanghaiEpoch(2018, 12, 1, 23, 59, 59, 999));
  });

  it("reads 24:00 as the end of its day (a deadline as written), a twelve-hour time (上午/下午, AM/PM) and a serial day number saved as text", () => {
    expect(parseDate("2017-09-04 24:00", "deadline")).toBe(shanghaiEpoch(2017, 9, 5));
    expect(parseDate("2017-09-04 24:00:00", "start")).toBe(shanghaiEpoch(2017, 9, 5));
    // an event's day: the day it ends
    expect(parseDate("2017-09-04 24:00", "day")).toBe(shanghaiEpoch(2017, 9, 4));
    // Excel's 12-hour format as a Chinese Windows writes it to CSV, and as an English one does
    expect(parseDate("2017/9/1 上午 3:39", "start")).toBe(shanghaiEpoch(2017, 9, 1, 3, 39));
    expect(parseDate("2017/9/1 下午 3:39:20", "start")).toBe(shanghaiEpoch(2017, 9, 1, 15, 39, 20));
    expect(parseDate("2017/9/1 上午 12:10", "start")).toBe(shanghaiEpoch(2017, 9, 1, 0, 10));
    expect(parseDate("2017/9/1 下午 12:10", "start")).toBe(shanghaiEpoch(2017, 9, 1, 12, 10));
    expect(parseDate("2017-09-01 3:39 PM", "start")).toBe(shanghaiEpoch(2017, 9, 1, 15, 39));
    expect(parseDate("2017-09-01 11:05 am", "start")).toBe(shanghaiEpoch(2017, 9, 1, 11, 5));
    // Excel's zh-CN long formats: the date ending in 日, the time in 时/分/秒 or 点 (found by a helper)
    expect(parseDate("2018年11月5日 下午2:03", "start")).toBe(shanghaiEpoch(2018, 11, 5, 14, 3));
    expect(parseDate("2018年11月5日 下午2时03分", "start")).toBe(shanghaiEpoch(2018, 11, 5, 14, 3));
    expect(parseDate("2018年11月5日下午2时03分30秒", "start")).toBe(shanghaiEpoch(2018, 11, 5, 14, 3, 30));
    expect(parseDate("2018年11月5日 上午9点", "start")).toBe(shanghaiEpoch(2018, 11, 5, 9));
    // a database's compact timestamp, to the minute or the second, as the eight-digit day is read
    expect(parseDate("20181105143000", "start")).toBe(shanghaiEpoch(2018, 11, 5, 14, 30));
    expect(parseDate("201811051430", "deadline")).toBe(shanghaiEpoch(2018, 11, 5, 14, 30));
    expect(parseDate("20181105", "deadline")).toBe(shanghaiEpoch(2018, 11, 5) + END_OF_DAY);
    expect(parseDate("20181105256000", "start")).toBeInstanceOf(Invalid);
    // 42979.152083 as text is what the cell holds (Excel's General format): 2017-09-01 03:39, as the number itself reads
    expect(parseDate("42979.152083", "start")).toBe(parseDate(42979.152083, "start"));
    expect(parseDate("42979.152083", "start")).toBe(shanghaiEpoch(2017, 9, 1, 3, 39));
    expect(parseDate("42979", "deadline")).toBe(shanghaiEpoch(2017, 9, 1) + END_OF_DAY);
  });

  it("reads a serial day number saved as text with as few decimals as Excel's General format writes (43405.58 is 13:55:12 exactly)", () => {
    expect(parseDate("43405.5", "start")).toBe(shanghaiEpoch(2018, 11, 1, 12));
    expect(parseDate("43405.58", "start")).toBe(shanghaiEpoch(2018, 11, 1, 13, 55, 12));
    expect(parseDate("43405.375", "deadline")).toBe(shanghaiEpoch(2018, 11, 1, 9));
    // more decimals: rounded to the second as Excel shows it (43405.5868 is 14:05:00 less 0.48 s)
    expect(parseDate("43405.5868", "start")).toBe(shanghaiEpoch(2018, 11, 1, 14, 5));
    // a day alone drops the time: its day
    expect(parseDate("43405.58", "day")).toBe(shanghaiEpoch(2018, 11, 1));
  });

  it("reads a date with its time on the next line (a web page's <br>, a wrapped cell) as that moment", () => {
    expect(parseDate("2018-11-03\n14:05:00", "start")).toBe(shanghaiEpoch(2018, 11, 3, 14, 5));
    expect(parseDate("2018-11-03 \r\n 14:05", "deadline")).toBe(shanghaiEpoch(2018, 11, 3, 14, 5));
    expect(parseDate("2018-11-03\n备注", "start")).toBeInstanceOf(Invalid);
  });

  it("accepts 29 February in a leap year", () => {
    expect(parseDate("2016-02-29", "start")).toBe(shanghaiEpoch(2016, 2, 29));
  });
});

describe("parseBoolean", () => {
  it.each([
    ["是", true],
    ["否", false],
    [" 是 ", true],
    ["1", true],
    ["0", false],
    ["Y", true],
    ["n", false],
    ["TRUE", true],
    ["false", false],
    ["ｙｅｓ", true],
    [true, true],
    [0, false],
    // check marks as a sheet has them, and 1/0 from a number column saved with a decimal
    ["√", true],
    ["×", false],
    ["✓", true],
    ["✗", false],
    ["1.0", true],
    ["0.0", false],
  ] as const)("reads %s", (cell, value) => {
    expect(parseBoolean(cell)).toBe(value);
  });

  it("leaves empty to the default and refuses other words", () => {
    expect(parseBoolean("")).toBeNull();
    expect(parseBoolean("对")).toEqual(new Invalid(REASONS.notBoolean));
    expect(parseBoolean(2)).toEqual(new Invalid(REASONS.notBoolean));
  });
});

describe("closed lists", () => {
  it("accepts only the four satisfaction levels", () => {
    for (const level of ["满意", "基本满意", "一般", "不满意"]) expect(parseSatisfaction(level)).toBe(level);
    expect(parseSatisfaction("非常满意")).toEqual(new Invalid(REASONS.notSatisfaction));
    expect(parseSatisfaction("")).toBeNull();
  });

  it("accepts any source (an open list, trimmed) and the seven closure types", () => {
    expect(parseSource("市中心")).toBe("市中心");
    expect(parseSource("省热线")).toBe("省热线");
    expect(parseSource(" 微信 ")).toBe("微信");
    expect(parseSource("  ")).toBeNull();
    expect(parseClosureType("应走司法程序")).toBe("应走司法程序");
    expect(parseClosureType("已办结")).toEqual(new Invalid(REASONS.notClosureType));
  });
});

describe("numbers", () => {
  it("reads counts as whole numbers from the minimum up", () => {
    expect(parseCount("0", 0)).toBe(0);
    expect(parseCount(" 3 ", 0)).toBe(3);
    expect(parseCount("2.0", 1)).toBe(2);
    expect(parseCount(4, 1)).toBe(4);
    expect(parseCount("０２", 1)).toBe(2);
    expect(parseCount("", 1)).toBeNull();
    expect(parseCount("-1", 0)).toEqual(new Invalid(REASONS.notCount0));
    expect(parseCount("1.5", 0)).toEqual(new Invalid(REASONS.notCount0));
    expect(parseCount("0", 1)).toEqual(new Invalid(REASONS.notCount1));
    expect(parseCount("两次", 1)).toEqual(new Invalid(REASONS.notCount1));
    // past what an order is sent back or an event happens (a phone number pasted in), or what a count holds exactly: too
    // large, said so (not "not a whole number")
    expect(parseCount("10000", 0)).toBe(10_000);
    expect(parseCount("10001", 1)).toEqual(new Invalid(REASONS.countTooLarge));
    expect(parseCount("13912345678", 0)).toEqual(new Invalid(REASONS.countTooLarge));
    expect(parseCount("100000000000000000000", 0)).toEqual(new Invalid(REASONS.countTooLarge));
    expect(parseCount(1e20, 1)).toEqual(new Invalid(REASONS.countTooLarge));
  });

  it("reads points and years", () => {
    expect(parseNumber("-2.5")).toBe(-2.5);
    expect(parseNumber(".5")).toBe(0.5);
    expect(parseNumber(3)).toBe(3);
    expect(parseNumber("3分")).toEqual(new Invalid(REASONS.notNumber));
    expect(parseYear("2017")).toBe(2017);
    expect(parseYear(2018)).toBe(2018);
    expect(parseYear("17")).toEqual(new Invalid(REASONS.notYear));
    // with its word, as a month is taken written 2018年3月
    expect(parseYear("2018年")).toBe(2018);
    expect(parseYear("2018 年度")).toBe(2018);
    expect(parseYear("2018年3月")).toEqual(new Invalid(REASONS.notYear));
  });

  it("reads a fact as yes/no or a number", () => {
    expect(parseFactValue("是")).toBe(true);
    expect(parseFactValue("否")).toBe(false);
    expect(parseFactValue("1")).toBe(1);
    // a number however written, not 是 (1.0 is among the yes/no column's words: a number column saved as text)
    expect(parseFactValue("1.0")).toBe(1);
    expect(parseFactValue("0.0")).toBe(0);
    expect(parseFactValue("2.5")).toBe(2.5);
    expect(parseFactValue(3)).toBe(3);
    expect(parseFactValue("有")).toEqual(new Invalid(REASONS.notFactValue));
  });
});

describe("parseText", () => {
  it("trims, and shows numbers, dates and booleans as text", () => {
    expect(parseText("  索镇街道 ")).toBe("索镇街道");
    expect(parseText(" ")).toBeNull();
    expect(parseText(20170001)).toBe("20170001");
    expect(parseText(0.1 + 0.2)).toBe("0.3");
    expect(parseText(new Date(Date.UTC(2017, 9, 3, 14, 5)))).toBe("2017-10-03 14:05:00");
    expect(parseText(new Date(Date.UTC(2017, 9, 3)))).toBe("2017-10-03");
    expect(parseText(true)).toBe("是");
  });
});
