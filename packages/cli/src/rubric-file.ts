/**
 * A rubric file's text from its bytes. A rubric is written as UTF-8, but one saved by Windows Notepad as "ANSI" or
 * by WPS is GB18030 (GBK) on a Chinese system: read as UTF-8 every Chinese character is "无法识别的字符 “��”", a
 * hundred errors that say nothing of the cause. Its encoding is told from its bytes as the data files' is
 * (@kaohe/data's detectEncoding), read so, and said in a note with how to save it as UTF-8.
 */
import { readFile } from "node:fs/promises";
import { AutoTextDecoder, detectEncoding, type TextEncodingName } from "@kaohe/data";
import { CliError } from "./errors.ts";

export interface RubricText {
  text: string;
  /** said when the file is not UTF-8: which encoding it was read as, and how to save it as UTF-8 (null for UTF-8) */
  note: string | null;
}

const ENCODING_NAMES: Record<Exclude<TextEncodingName, "utf-8">, string> = {
  gb18030: "GB18030（GBK）",
  "utf-16le": "UTF-16",
  "utf-16be": "UTF-16",
};

const SAVE_AS_UTF8 = "建议另存为 UTF-8：记事本“另存为”时把编码选为 UTF-8，WPS 另存时同样选 UTF-8";

/** The text of a rubric file; `CliError` when it cannot be read, or is not text in an encoding read. */
export async function readRubricText(file: string): Promise<RubricText> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch {
    throw new CliError(`无法读取规则文件 ${file} / cannot read rubric file ${file}`);
  }
  let encoding: TextEncodingName;
  try {
    encoding = detectEncoding(bytes).encoding;
  } catch (err) {
    // UTF-32, Big5 (the data package's UnsupportedEncodingError), or not text at all (NotTextError: a picture, a workbook)
    const e = err as { encoding?: unknown; what?: { zh: string; en: string } | null };
    const what =
      typeof e.encoding === "string"
        ? { zh: `文件编码为 ${e.encoding}，不支持此编码`, en: `encoded in ${e.encoding}` }
        : e.what !== undefined
          ? { zh: `这不是文本文件${e.what ? `，从内容看是：${e.what.zh}` : ""}`, en: `not a text file${e.what ? `: ${e.what.en}` : ""}` }
          : null;
    if (!what) throw err;
    throw new CliError(`规则文件 ${file} 无法读取：${what.zh}；规则文件应是 UTF-8 编码的文本（${SAVE_AS_UTF8.replace("建议", "")}） / ${what.en}`);
  }
  // UTF-8 as it always was read (a BOM kept for the parser to skip, and fmt to write back)
  if (encoding === "utf-8") return lineEnds(file, { text: bytes.toString("utf8"), note: null });
  const decoder = new AutoTextDecoder();
  const text = decoder.write(bytes) + decoder.end();
  const name = ENCODING_NAMES[encoding];
  return lineEnds(file, {
    text,
    note: `${file}：规则文件不是 UTF-8 编码，已按 ${name}编码读取；${SAVE_AS_UTF8} / not UTF-8: read as ${encoding}`,
  });
}

/**
 * Lines ended by a lone CR (an old Mac editor's, some exporters'): read as line ends, and said, rather than refused
 * line by line as a control character U+000D (the same offsets: one character for one).
 */
function lineEnds(file: string, read: RubricText): RubricText {
  if (!/\r(?!\n)/.test(read.text)) return read;
  const note = `${file}：规则文件的换行只有 CR（旧式 Mac 的换行），已按换行读取；kaohe fmt 会改写为通常的换行 / lines end in a lone CR: read as line ends`;
  return { text: read.text.replace(/\r(?!\n)/g, "\n"), note: read.note ? `${read.note}\n${note}` : note };
}
