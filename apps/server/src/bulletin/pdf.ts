/**
 * 《投诉动态》 as PDF, made here with nothing but Node: pdfkit draws the same
 * layout as the Word file, in Noto Sans SC (思源黑体; SIL Open Font License
 * 1.1), which the npm package @embedpdf/fonts-sc ships as OTF files. Only the
 * glyphs used are embedded (a bulletin is some 100 KB), with their Unicode
 * mapping, so the Chinese text can be searched and copied. No system font,
 * no download, no office suite.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { BulletinData, YearBulletinData } from "@kaohe/services";
import { type Block, type BulletinLayout, bulletinLayout, yearBulletinLayout } from "./layout.ts";

type Doc = PDFKit.PDFDocument;

const RED = "#c00000";
const GREY = "#808080";

let fonts: { regular: Buffer; bold: Buffer } | null = null;

/** The two weights used, read once per thread (about 8 MB each; only the glyphs used go into a PDF). */
function bulletinFonts(): { regular: Buffer; bold: Buffer } {
  if (!fonts) {
    // the package exports only its index: its fonts folder lies beside dist/
    const index = createRequire(import.meta.url).resolve("@embedpdf/fonts-sc");
    const dir = join(dirname(index), "..", "fonts");
    fonts = { regular: readFileSync(join(dir, "NotoSansHans-Regular.otf")), bold: readFileSync(join(dir, "NotoSansHans-Bold.otf")) };
  }
  return fonts;
}

const PAGE = { width: 595.28, height: 841.89 };
const MARGIN = { top: 64, bottom: 64, left: 64, right: 64 };
const WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
const BOTTOM = PAGE.height - MARGIN.bottom;

function ensureRoom(doc: Doc, height: number): void {
  if (doc.y + height > BOTTOM) doc.addPage();
}

type Table = Extract<Block, { kind: "table" }>;

const CELL_PAD = { x: 4, y: 4 };
const CELL_SIZE = 9;

/** A table's columns in points, and the height of a row of its cells. */
function tableMetrics(doc: Doc, b: Table) {
  const total = b.widths.reduce((s, w) => s + w, 0);
  const widths = b.widths.map((w) => (w / total) * WIDTH);
  const heightOf = (cells: string[], bold: boolean) => {
    doc.font(bold ? "B" : "R").fontSize(CELL_SIZE);
    return Math.max(...cells.map((c, i) => doc.heightOfString(c || " ", { width: (widths[i] ?? 40) - 2 * CELL_PAD.x, lineGap: 1 }))) + 2 * CELL_PAD.y;
  };
  return { widths, heightOf };
}

/** The top of a table that stays with its heading: its header and first two rows. */
function tableStart(doc: Doc, b: Table): number {
  const { heightOf } = tableMetrics(doc, b);
  return heightOf(b.header, true) + b.rows.slice(0, 2).reduce((s, r) => s + heightOf(r, false), 0);
}

const headingSize = (b: Extract<Block, { kind: "heading" }>) => (b.level === 1 ? 14 : 12);

/**
 * How much room a heading at `at` needs at the foot of a page: itself, any heading right under it, and the top of
 * what they head (a table's header and first rows, a paragraph's first lines). With less, they go to the next page
 * together: a heading alone at a page's foot, its table on the next, was a review's finding (60 points were kept,
 * less than a heading and a table's header and first row).
 */
function roomToKeep(doc: Doc, blocks: readonly Block[], at: number): number {
  let room = 0;
  let i = at;
  for (let b = blocks[i]; b?.kind === "heading"; b = blocks[++i]) {
    const size = headingSize(b);
    doc.font("B").fontSize(size);
    // the space before and after it (moveDown by a line's part), generously
    room += doc.heightOfString(b.text, { width: WIDTH }) + size;
  }
  const next = blocks[i];
  if (next?.kind === "table") room += tableStart(doc, next);
  else if (next?.kind === "paragraph")
    room +=
      2 *
      (doc
        .font("R")
        .fontSize(next.note ? 9 : 12)
        .currentLineHeight(true) +
        4);
  return room;
}

function table(doc: Doc, b: Table): void {
  const { widths, heightOf } = tableMetrics(doc, b);
  const pad = CELL_PAD;
  const size = CELL_SIZE;
  const draw = (cells: string[], head: boolean) => {
    const h = heightOf(cells, head);
    const y = doc.y;
    let x = MARGIN.left;
    cells.forEach((c, i) => {
      const w = widths[i] ?? 40;
      if (head) doc.rect(x, y, w, h).fill("#efefef");
      doc.lineWidth(0.5).strokeColor(GREY).rect(x, y, w, h).stroke();
      const options = { width: w - 2 * pad.x, align: head ? "center" : (b.align[i] ?? "left"), lineGap: 1 } as const;
      doc
        .fillColor("#000000")
        .font(head ? "B" : "R")
        .fontSize(size);
      // centred in the row's height
      const textHeight = doc.heightOfString(c || " ", options);
      doc.text(c, x + pad.x, y + (h - textHeight) / 2, options);
      x += w;
    });
    doc.x = MARGIN.left;
    doc.y = y + h;
  };
  const headHeight = heightOf(b.header, true);
  ensureRoom(doc, headHeight + heightOf(b.rows[0] ?? [], false));
  draw(b.header, true);
  for (const row of b.rows) {
    const h = heightOf(row, false);
    if (doc.y + h > BOTTOM) {
      // the header again at the top of the next page
      doc.addPage();
      draw(b.header, true);
    }
    draw(row, false);
  }
  doc.y += 8;
}

/** Emoji, and what joins and styles them: each code point where it starts (a flag or a family is several). */
const EMOJI = /\p{Extended_Pictographic}|[\u{1F1E6}-\u{1F1FF}\u{1F3FB}-\u{1F3FF}]|\uFE0F|\u200D|\u20E3/gu;
const INVISIBLE = new Set([0xfe0f, 0x200d, 0x20e3]);

/**
 * A lead pasted from a chat app may carry emoji (👍, 🎉). The font has none: they would print as empty boxes in a
 * document that goes to every unit, so they are left out of the PDF (the Word file keeps them; the dialog warns).
 * Symbols the font has (★, ©, ™) stay, and so does any other character, a rare place-name character included.
 * The font's glyph table is pdfkit's embedded fontkit font; without it nothing is removed.
 */
function withoutMissingEmoji(doc: Doc): (text: string) => string {
  doc.font("R");
  const face = (doc as unknown as { _font?: { font?: { hasGlyphForCodePoint?: (cp: number) => boolean } } })._font?.font;
  const has = face?.hasGlyphForCodePoint?.bind(face);
  if (!has) return (text) => text;
  return (text) =>
    text.replace(EMOJI, (m) => {
      const cp = m.codePointAt(0) ?? 0;
      return INVISIBLE.has(cp) || !has(cp) ? "" : m;
    });
}

export const bulletinPdf = (data: BulletinData): Promise<Buffer> => layoutPdf(bulletinLayout(data));

/** The year's bulletin: the same document, laid out from the year's result. */
export const yearBulletinPdf = (data: YearBulletinData): Promise<Buffer> => layoutPdf(yearBulletinLayout(data));

async function layoutPdf(layout: BulletinLayout): Promise<Buffer> {
  // loaded with the first bulletin, not as each of the server's threads starts
  const { default: PDFDocument } = await import("pdfkit");
  const { regular, bold } = bulletinFonts();
  const doc = new PDFDocument({
    size: "A4",
    margins: MARGIN,
    bufferPages: true,
    info: { Title: `${layout.title} ${layout.issueLine}`, Subject: layout.subject, Author: layout.issuer ?? "kaohe", Creator: "kaohe", Keywords: layout.basis },
    lang: "zh-CN",
    displayTitle: true,
  });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((ok, fail) => {
    doc.on("end", ok);
    doc.on("error", fail);
  });
  doc.registerFont("R", regular);
  doc.registerFont("B", bold);
  const printable = withoutMissingEmoji(doc);
  for (const b of layout.blocks) {
    if (b.kind === "table") b.rows = b.rows.map((row) => row.map(printable));
    else b.text = printable(b.text);
  }
  layout.issuer = layout.issuer === null ? null : printable(layout.issuer);

  // the masthead: the title in red, the issue, the issuer and date over a red rule
  doc.font("B").fontSize(40).fillColor(RED).text(layout.title, MARGIN.left, MARGIN.top, { width: WIDTH, align: "center" });
  doc.moveDown(0.2).font("R").fontSize(14).fillColor("#000000").text(`（${layout.issueLine}）`, { width: WIDTH, align: "center" });
  doc.moveDown(0.6);
  const lineY = doc.y;
  doc.fontSize(12).text(layout.issuer ?? "", MARGIN.left, lineY, { width: WIDTH / 2, align: "left" });
  // under the taller of the two: a center's name of 20 characters and more takes two lines (the rule struck its second)
  const issuerEnd = doc.y;
  doc.text(layout.date, MARGIN.left + WIDTH / 2, lineY, { width: WIDTH / 2, align: "right" });
  const ruleY = Math.max(issuerEnd, doc.y) + 4;
  doc
    .moveTo(MARGIN.left, ruleY)
    .lineTo(MARGIN.left + WIDTH, ruleY)
    .lineWidth(1.5)
    .strokeColor(RED)
    .stroke();
  doc.x = MARGIN.left;
  doc.y = ruleY + 12;
  if (layout.notice) {
    doc.font("B").fontSize(11).fillColor(RED).text(layout.notice, { width: WIDTH, align: "center" });
    doc.fillColor("#000000").moveDown(0.6);
  }

  for (const [i, b] of layout.blocks.entries()) {
    if (b.kind === "heading") {
      // a heading is not left alone at the foot of a page: it goes with the top of what it heads
      ensureRoom(doc, roomToKeep(doc, layout.blocks, i));
      doc.moveDown(b.level === 1 ? 0.6 : 0.3);
      doc.font("B").fontSize(headingSize(b)).fillColor("#000000").text(b.text, MARGIN.left, doc.y, { width: WIDTH });
      doc.moveDown(0.3);
    } else if (b.kind === "paragraph") {
      doc
        .font("R")
        .fontSize(b.note ? 9 : 12)
        .fillColor(b.note ? "#444444" : "#000000")
        .text(b.text, MARGIN.left, doc.y, { width: WIDTH, indent: b.indent ? 24 : 0, lineGap: 4, align: "justify" });
      doc.fillColor("#000000").moveDown(0.3);
    } else {
      table(doc, b);
    }
  }
  ensureRoom(doc, 40);
  doc.moveDown(0.5);
  const basisY = doc.y;
  doc
    .moveTo(MARGIN.left, basisY)
    .lineTo(MARGIN.left + WIDTH, basisY)
    .lineWidth(0.5)
    .strokeColor("#000000")
    .stroke();
  doc
    .font("R")
    .fontSize(9)
    .fillColor("#444444")
    .text(layout.basis, MARGIN.left, basisY + 6, { width: WIDTH });

  // page numbers, once every page is known
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // the footer lies in the bottom margin: without this, pdfkit would start a new page for it
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font("R")
      .fontSize(10)
      .fillColor("#000000")
      .text(`— ${i + 1} —`, MARGIN.left, PAGE.height - MARGIN.bottom + 24, { width: WIDTH, align: "center", lineBreak: false });
    doc.page.margins.bottom = margin;
  }
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}
