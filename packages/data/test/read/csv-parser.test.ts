import { describe, expect, it } from "vitest";
import { IMPORT_LIMITS } from "../../src/limits.ts";
import { CsvRowParser, csvLine, csvSafe, parseCsv } from "../../src/read/csv-parser.ts";
import { READ_COLUMNS } from "../../src/read/table-common.ts";

/** Parse `text` fed in pieces cut at the given offsets. */
function parseInPieces(text: string, cuts: number[], parser = new CsvRowParser()): { rows: string[][]; unterminatedQuote: boolean } {
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

describe("a row or a field longer than any table's", () => {
  // a 147 MB line of commas made one row of 147 million cells: V8 stopped the whole server (a security review)
  it("keeps READ_COLUMNS (1,024) cells of a row, and tells its first value past them, by its column", () => {
    // 5,000 fields: 4,998 empty after "a", the 3,001st (index 3,000) and the last with a value
    const fields = ["a", ...Array.from({ length: 4998 }, (_, i) => (i === 2999 ? "远处" : "")), "最后"];
    const text = `h1,h2\r\n${fields.join(",")}\r\nx,y\r\n`;
    // at once (the whole line split in one go), and cut into pieces (the line read field by field), quoted or not
    const quoted = `h1,h2\r\n${fields.map((f) => `"${f}"`).join(",")}\r\nx,y\r\n`;
    for (const [input, cuts] of [
      [text, []],
      [text, [9, 2000, 4000]],
      [quoted, [7, 5000, 9000]],
    ] as const) {
      const parser = new CsvRowParser();
      const { rows } = parseInPieces(input, [...cuts], parser);
      expect(rows.map((r) => r.length)).toEqual([2, READ_COLUMNS, 2]);
      expect(rows[1]?.slice(0, 2)).toEqual(["a", ""]);
      expect(parser.beyondOf(rows[1] as string[])).toEqual({ column: 3000, value: "远处" });
      expect(parser.beyondOf(rows[0] as string[])).toBeUndefined();
      expect(parser.beyondOf(rows[2] as string[])).toBeUndefined();
    }
    // the last row, without a line end; a row exactly READ_COLUMNS wide is whole
    const parser = new CsvRowParser(",");
    const rows: string[][] = [];
    parser.push(`${",".repeat(READ_COLUMNS - 1)}\n${",".repeat(READ_COLUMNS + 10)}x`, rows);
    parser.finish(rows);
    expect(rows.map((r) => r.length)).toEqual([READ_COLUMNS, READ_COLUMNS]);
    expect(parser.beyondOf(rows[1] as string[])).toEqual({ column: READ_COLUMNS + 10, value: "x" });
  });

  it("keeps a field to one character past the most a cell holds (the check refuses it), quoted or not, however cut", () => {
    const kept = IMPORT_LIMITS.textChars + 1;
    const long = "长".repeat(IMPORT_LIMITS.textChars + 5000);
    const text = `a,${long}\n"${long.replace("长", '""')}",b\n`;
    for (const cuts of [[], [100, 40_000, 70_000]]) {
      const { rows } = parseInPieces(text, cuts);
      expect(rows.map((r) => r.map((f) => f.length))).toEqual([
        [1, kept],
        [kept, 1],
      ]);
      expect(rows[1]?.[0]?.slice(0, 2)).toBe('"长');
    }
    // a quote that never closes: the rest of the file is one field, kept as long
    const open = parseInPieces(`a,"${"x".repeat(100_000)}`, [5000]);
    expect(open.unterminatedQuote).toBe(true);
    expect(open.rows.map((r) => r.map((f) => f.length))).toEqual([[1, kept]]);
  });
});

describe("the separator", () => {
  it("is told from the first lines: semicolons (Excel in a European locale), tabs (Excel's Unicode 文本), else commas", () => {
    expect(parseCsv('工单编号;承办单位;响应时长\r\nGD1;唐山镇;1,5\r\nGD2;"果里;镇";2,25\r\n')).toEqual([
      ["工单编号", "承办单位", "响应时长"],
      ["GD1", "唐山镇", "1,5"],
      ["GD2", "果里;镇", "2,25"],
    ]);
    expect(parseCsv('工单编号\t承办单位\t诉求内容\nGD1\t唐山镇\t"路灯, 不亮"\nGD2\t索镇街道\t噪音;扰民\n')).toEqual([
      ["工单编号", "承办单位", "诉求内容"],
      ["GD1", "唐山镇", "路灯, 不亮"],
      ["GD2", "索镇街道", "噪音;扰民"],
    ]);
    // commas, with tabs and semicolons in the text of a few cells: still commas; a title row above the header has none
    const commas = "桓台县工单明细（2018年11月）\r\n工单编号,承办单位,诉求内容\r\nGD1,唐山镇,a;b;c;d;e\r\nGD2,果里镇,x\ty\r\nGD3,荆家镇,z\r\n";
    expect(parseCsv(commas)[2]).toEqual(["GD1", "唐山镇", "a;b;c;d;e"]);
    // a single line, and a file with no separator at all
    expect(parseCsv("a;b;c")).toEqual([["a", "b", "c"]]);
    expect(parseCsv("只有一列\n")).toEqual([["只有一列"]]);
  });

  it("is told the same wherever the text is cut, and a given one is used as is", () => {
    const text = "编号;单位\r\n1;甲\r\n2;乙\r\n";
    for (let cut = 0; cut <= text.length; cut++) expect(parseInPieces(text, [cut]).rows).toEqual(parseCsv(text));
    const parser = new CsvRowParser(",");
    const rows: string[][] = [];
    parser.push(text, rows);
    parser.finish(rows);
    expect(rows[1]).toEqual(["1;甲"]);
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

describe("csvSafe", () => {
  it("keeps as text what a spreadsheet would take as a formula, after leading spaces too; plain numbers as they are", () => {
    for (const formula of ["=1+1", "+1+1", "-1+1", "@SUM(A1)", " =1+1", "  \t=HYPERLINK(1)", "\t-2", "\r=1", "\n=1", "\nx"]) {
      expect(csvSafe(formula), JSON.stringify(formula)).toBe(`'${formula}`);
    }
    for (const plain of ["唐山镇", "-1", "+2.5", "1=1", "a =1", " 唐山镇", "", " "]) expect(csvSafe(plain), JSON.stringify(plain)).toBe(plain);
  });

  it("keeps as text the full-width ＝ ＋ － ＠ and a formula after a full-width or no-break space (a security review)", () => {
    // Excel and WPS in Chinese take ＝SUM(1,2) typed with the input method for =SUM(1,2); a platform's export wrote them
    for (const formula of ["＝SUM(1,2)", "＋1+1", "－1+1", "＠SUM(A1)", "＝2018-11-10", "\u3000=1+1", "\u00a0＝1+1", "\u3000\u3000@x"]) {
      expect(csvSafe(formula), JSON.stringify(formula)).toBe(`'${formula}`);
    }
    for (const plain of ["\u3000唐山镇", "唐山镇＝", "１２", "Ａ＝１"]) expect(csvSafe(plain), JSON.stringify(plain)).toBe(plain);
  });
});
