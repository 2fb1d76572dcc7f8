/** Numbers a regulation writes in Chinese numerals, as the messages tell them to be written (suggest.ts chineseNumeral). */
import { expect, test } from "vitest";
import { chineseNumeral } from "../src/suggest.ts";

test("reads Chinese numerals as a reader does, and says how they are written", () => {
  const cases: [string, string | null][] = [
    ["五", "5"],
    ["十", "10"],
    ["十五", "15"],
    ["二十", "20"],
    ["二十五", "25"],
    ["一百零五", "105"],
    // colloquial: the digit after 百 or 千 counts in the unit below it
    ["一百五", "150"],
    ["一百一", "110"],
    ["五百五", "550"],
    ["两千五", "2500"],
    ["两千", "2000"],
    ["一千零十", "1010"],
    ["一百一十", "110"],
    ["零点五", "0.5"],
    ["百分之十五", "15%"],
    ["百分之六十", "60%"],
    ["五分", "5 分"],
    ["三件", "3 件"],
    // not numbers: said nothing of
    ["五五", null],
    ["五十二百", null],
    ["百", null],
    ["十分", null],
    ["满意", null],
    ["百分之五分", null],
  ];
  for (const [word, written] of cases) expect(chineseNumeral(word), word).toBe(written);
});
