/**
 * 《投诉动态》 as a Word document (A4, the fonts a Chinese government office has:
 * 宋体 for the masthead, 黑体 for headings, 仿宋 for the text), editable as usual.
 */
import { xmlWritableDeep } from "@kaohe/data";
import type { BulletinData, YearBulletinData } from "@kaohe/services";
import { type Block, type BulletinLayout, bulletinLayout, yearBulletinLayout } from "./layout.ts";

const RED = "C00000";
const font = (name: string) => ({ ascii: "Times New Roman", hAnsi: "Times New Roman", eastAsia: name, cs: name });

// what XML cannot hold, stored before it was refused, written as U+FFFD (a Word file holding U+FFFF is broken)
export const bulletinDocx = (data: BulletinData): Promise<Buffer> => layoutDocx(bulletinLayout(xmlWritableDeep(data)));

/** The year's bulletin: the same document, laid out from the year's result. */
export const yearBulletinDocx = (data: YearBulletinData): Promise<Buffer> => layoutDocx(yearBulletinLayout(xmlWritableDeep(data)));

async function layoutDocx(layout: BulletinLayout): Promise<Buffer> {
  // loaded with the first bulletin, not as each of the server's threads starts
  const docx = await import("docx");
  const {
    AlignmentType,
    BorderStyle,
    Document,
    Footer,
    Packer,
    PageNumber,
    Paragraph,
    Table,
    TableCell,
    TableRow,
    TabStopType,
    TextRun,
    VerticalAlign,
    WidthType,
    ShadingType,
  } = docx;
  // A4 with 2.5 cm side margins: 11,906 − 2 × 1,418 twips of text width
  const textWidth = 9070;
  const cellBorder = { style: BorderStyle.SINGLE, size: 4, color: "808080" };
  const borders = { top: cellBorder, bottom: cellBorder, left: cellBorder, right: cellBorder };
  const align = { left: AlignmentType.LEFT, center: AlignmentType.CENTER, right: AlignmentType.RIGHT } as const;

  const body = (b: Block) => {
    switch (b.kind) {
      case "heading":
        return [
          new Paragraph({
            spacing: { before: b.level === 1 ? 240 : 160, after: 120 },
            keepNext: true,
            children: [new TextRun({ text: b.text, font: font(b.level === 1 ? "黑体" : "楷体"), size: b.level === 1 ? 30 : 28, bold: b.level === 2 })],
          }),
        ];
      case "paragraph":
        return [
          new Paragraph({
            spacing: { line: 400, after: b.note ? 120 : 0 },
            indent: b.indent ? { firstLine: 640 } : undefined,
            alignment: AlignmentType.JUSTIFIED,
            children: [new TextRun({ text: b.text, font: font("仿宋"), size: b.note ? 21 : 30 })],
          }),
        ];
      case "table": {
        const total = b.widths.reduce((s, w) => s + w, 0);
        const widths = b.widths.map((w) => Math.floor((w / total) * textWidth));
        const cell = (text: string, i: number, head: boolean) =>
          new TableCell({
            width: { size: widths[i] ?? 1000, type: WidthType.DXA },
            borders,
            verticalAlign: VerticalAlign.CENTER,
            margins: { top: 40, bottom: 40, left: 80, right: 80 },
            shading: head ? { type: ShadingType.CLEAR, color: "auto", fill: "EFEFEF" } : undefined,
            children: [
              new Paragraph({
                alignment: head ? AlignmentType.CENTER : align[b.align[i] ?? "left"],
                // a cell's lines as the layout broke them (names listed: after a 、, never inside a name)
                children: text
                  .split("\n")
                  .map((line, k) => new TextRun({ text: line, break: k > 0 ? 1 : undefined, font: font(head ? "黑体" : "仿宋"), size: 21 })),
              }),
            ],
          });
        return [
          new Table({
            width: { size: textWidth, type: WidthType.DXA },
            columnWidths: widths,
            rows: [
              new TableRow({ tableHeader: true, cantSplit: true, children: b.header.map((h, i) => cell(h, i, true)) }),
              ...b.rows.map((r) => new TableRow({ cantSplit: true, children: r.map((v, i) => cell(v, i, false)) })),
            ],
          }),
          new Paragraph({ spacing: { after: 120 }, children: [] }),
        ];
      }
    }
  };

  const masthead = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: 240, after: 120 },
      children: [new TextRun({ text: layout.title, font: font("宋体"), size: 88, bold: true, color: RED })],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 240 },
      children: [new TextRun({ text: `（${layout.issueLine}）`, font: font("仿宋"), size: 30 })],
    }),
    new Paragraph({
      tabStops: [{ type: TabStopType.RIGHT, position: textWidth }],
      border: { bottom: { style: BorderStyle.SINGLE, size: 18, color: RED, space: 4 } },
      spacing: { after: 240 },
      children: [
        new TextRun({ text: layout.issuer ?? "", font: font("仿宋"), size: 28 }),
        new TextRun({ text: `\t${layout.date}`, font: font("仿宋"), size: 28 }),
      ],
    }),
    ...(layout.notice
      ? [
          new Paragraph({
            alignment: AlignmentType.CENTER,
            spacing: { after: 200 },
            children: [new TextRun({ text: layout.notice, font: font("黑体"), size: 24, color: RED })],
          }),
        ]
      : []),
  ];

  const doc = new Document({
    creator: layout.issuer ?? "kaohe",
    title: `${layout.title} ${layout.issueLine}`,
    subject: layout.subject,
    description: layout.basis,
    styles: { default: { document: { run: { font: font("仿宋"), size: 24 } } } },
    sections: [
      {
        properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: 1440, bottom: 1440, left: 1418, right: 1418 } } },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ children: ["— ", PageNumber.CURRENT, " —"], font: font("宋体"), size: 24 })],
              }),
            ],
          }),
        },
        children: [
          ...masthead,
          ...layout.blocks.flatMap(body),
          new Paragraph({
            spacing: { before: 240 },
            border: { top: { style: BorderStyle.SINGLE, size: 6, color: "000000", space: 4 } },
            children: [new TextRun({ text: layout.basis, font: font("仿宋"), size: 21 })],
          }),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
