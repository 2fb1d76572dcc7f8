/** A Word file read back for the bulletin tests (the server's and the console's): its text, paragraphs and tables. */
import { strFromU8, unzipSync } from "fflate";

const unescapeXml = (s: string) =>
  s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");

/** A paragraph's text: its runs' text, a tab as \t. */
const textOf = (xml: string) =>
  [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:tab\/>/g)].map((m) => (m[0] === "<w:tab/>" ? "\t" : unescapeXml(m[1] ?? ""))).join("");

export interface Docx {
  xml: string;
  /** the runs' text in order, as one string (a paragraph's runs may split a phrase) */
  text: string;
  /** the body's paragraphs outside tables, in order */
  paragraphs: string[];
  /** each table as rows of cell texts */
  tables: string[][][];
}

export function readDocx(bytes: Uint8Array): Docx {
  const entry = unzipSync(bytes)["word/document.xml"];
  if (!entry) throw new Error("the .docx has no word/document.xml");
  const xml = strFromU8(entry);
  const text = [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => unescapeXml(m[1] ?? "")).join("");
  const tables = [...xml.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].map((t) =>
    [...t[0].matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((r) => [...r[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((c) => textOf(c[0]))),
  );
  const outside = xml.replace(/<w:tbl>[\s\S]*?<\/w:tbl>/g, "");
  const paragraphs = [...outside.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((p) => textOf(p[0])).filter((t) => t.length > 0);
  return { xml, text, paragraphs, tables };
}
