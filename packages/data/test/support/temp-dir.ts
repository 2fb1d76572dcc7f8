import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import iconv from "iconv-lite";
import { afterAll } from "vitest";

/** A fresh temporary folder, removed after the test file's tests. */
export async function useTempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "kaohe-data-test-"));
  afterAll(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** Writes `text` as a file in `dir`: UTF-8 with BOM (default), plain UTF-8, or GB18030. */
export async function writeText(dir: string, name: string, text: string, encoding: "utf-8-bom" | "utf-8" | "gb18030" = "utf-8-bom"): Promise<string> {
  const path = join(dir, name);
  const bytes = encoding === "gb18030" ? iconv.encode(text, "gb18030") : Buffer.from(encoding === "utf-8-bom" ? `\uFEFF${text}` : text, "utf8");
  await writeFile(path, bytes);
  return path;
}

/** CSV text from lines (joined with CRLF, as Excel writes). */
export function csv(...lines: string[]): string {
  return `${lines.join("\r\n")}\r\n`;
}
