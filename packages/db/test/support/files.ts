/** Writing import files for tests: CSV text in UTF-8 or GB18030, and XLSX through exceljs. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeCsvFile } from "@kaohe/data";
import { afterAll } from "vitest";

/** A fresh temporary folder, removed after the test file. */
export function useTempDir(prefix = "kaohe-db-files-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Writes CSV lines (already joined by commas) as UTF-8 with a BOM, CRLF line ends as Excel writes; returns the path. */
export function writeCsvText(dir: string, name: string, lines: readonly string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `\uFEFF${lines.join("\r\n")}\r\n`);
  return path;
}

/** Writes a CSV file in GB18030 (the encoding of many hotline platform exports); returns the path. */
export async function writeGb18030Csv(dir: string, name: string, lines: readonly string[]): Promise<string> {
  const path = join(dir, name);
  const [header, ...rows] = lines.map((l) => l.split(","));
  await writeCsvFile(path, header ?? [], rows, { encoding: "gb18030" });
  return path;
}

/** The part of exceljs the tests use (exceljs is a dependency of @kaohe/data, loaded from there). */
export interface ExcelWorkbook {
  addWorksheet(name: string): {
    addRow(values: unknown[]): unknown;
    getCell(address: string): { numFmt: string; value: unknown };
  };
  xlsx: { writeFile(path: string): Promise<void> };
}

export function newWorkbook(): ExcelWorkbook {
  const require = createRequire(new URL("../../../data/package.json", import.meta.url));
  const ExcelJS = require("exceljs") as { Workbook: new () => ExcelWorkbook };
  return new ExcelJS.Workbook();
}
