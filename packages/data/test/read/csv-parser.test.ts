import { describe, expect, it } from "vitest";
import { CsvRowParser, csvLine, parseCsv } from "../../src/read/csv-parser.ts";

/** Parse `text` fed in pieces cut at the given offsets. */
function parseInPieces(text: string, cuts: number[]): { rows: string[][]; unterminatedQuote: boolean } {
  const parser = new CsvRowParser();
  const rows: string[][] = [];
  let from = 0;
  for (const cut of [...cuts, text.length]) {
    parser.push(text.slice(from, cut), rows);
    from = cut;
  }
  return { rows, ...parser.finish(rows) };
}

describe("CsvRowParser", () => {
  it("reads quoted fields with commas, doubled quotes and line breaks", () => {
    expect(parseCsv('a,"b,c","say ""hi""","two\r\nlines"\r\nx,y,z,w\r\n')).toEqual([
      ["a", "b,c", 'say "hi"', "two\r\nlines"],
      ["x", "y", "z", "w"],
    ]);
  });

  it("accepts CRLF, LF and CR line ends, and a last line without one", () => {
    expect(parseCsv("a,b\r\nc,d\ne,f\rg,h")).toEqual([
      ["a", "b"],
      ["c", "d"],
      ["e", "f"],
      ["g", "h"],
    ]);
  });

  it("keeps empty fields, a trailing comma and blank lines", () => {
    expect(parseCsv(',a,,\r\n\r\n"",b\r\n')).toEqual([["", "a", "", ""], [""], ["", "b"]]);
  });

  it("is lenient with stray quotes", () => {
    expect(parseCsv('ab"c,"x"y,z\n')).toEqual([['ab"c', "xy", "z"]]);
  });

  it("gives the same rows wherever the chunks are cut", () => {
    const text = '工单,"多,行\r\n内容","引""号"\r\nA1,,"末尾"\r\nB2,x,y\r\n';
    const whole = parseCsv(text);
    for (let a = 0; a <= text.length; a++) {
      for (let b = a; b <= text.length; b += 3) {
        expect(parseInPieces(text, [a, b]).rows).toEqual(whole);
      }
    }
  });

  it("reads a line at once as it reads it character by character (blank lines first in a chunk, CR and CRLF mixed, quotes)", () => {
    expect(parseCsv("\n\na,b\r\n\r\nc\rd\n")).toEqual([[""], [""], ["a", "b"], [""], ["c"], ["d"]]);
    // lines split at once where they can be; fed one character at a time, the same text goes through the state machine
    const pieces = ["a", "中", ",", ",", '"', "\n", "\n", "\r", "\r\n", " "];
    let seed = 7;
    const random = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    for (let k = 0; k < 2000; k++) {
      let text = "";
      for (let i = random(30); i > 0; i--) text += pieces[random(pieces.length)];
      const oneByOne = parseInPieces(
        text,
        Array.from({ length: text.length }, (_, i) => i),
      );
      expect(parseInPieces(text, [random(text.length + 1)]), JSON.stringify(text)).toEqual(oneByOne);
    }
  });

  it("reports an unterminated quote", () => {
    const result = parseInPieces('a,b\r\nc,"never closed\r\nd,e\r\n', [9]);
    expect(result.unterminatedQuote).toBe(true);
    expect(result.rows).toEqual([
      ["a", "b"],
      ["c", "never closed\r\nd,e\r\n"],
    ]);
  });
});

describe("csvLine", () => {
  it("quotes only what needs it, and reads back the same", () => {
    const values = ["plain", "有,逗号", 'a "quote"', "two\nlines", ""];
    const line = csvLine(values);
    expect(line).toBe('plain,"有,逗号","a ""quote""","two\nlines",\r\n');
    expect(parseCsv(line)).toEqual([values]);
  });
});
