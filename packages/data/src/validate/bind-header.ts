/**
 * Matching a file's header row to the fields of a kind of record. Each column
 * may be headed by the Chinese name or the English key; spaces around it and
 * full-width/half-width differences do not matter, nor does the case of an
 * English key.
 */

import { cellText } from "../read/cell-values.ts";
import type { RawRow } from "../read/read-table.ts";
import { type FieldSpec, normalizeHeader, RECORD_FIELDS, type RecordKind } from "../schema.ts";
import type { ImportProblem } from "../types.ts";

export interface HeaderBinding {
  /** the header's row number */
  row: number;
  /** number of columns in the header (trailing unnamed ones excluded) */
  width: number;
  /** field bound to each column, if any */
  fieldAt: (FieldSpec | undefined)[];
  /** attribute name (normalized header) of each unknown column, if any */
  attributeAt: (string | undefined)[];
  /** column index of each field present, by key */
  indexOf: Record<string, number>;
  /** header as written in the file (trimmed), by column index */
  labels: string[];
  /** required fields with no column */
  missing: FieldSpec[];
  problems: ImportProblem[];
}

const lookupCache = new Map<RecordKind, ReadonlyMap<string, FieldSpec>>();

function headerLookup(kind: RecordKind): ReadonlyMap<string, FieldSpec> {
  let lookup = lookupCache.get(kind);
  if (!lookup) {
    const map = new Map<string, FieldSpec>();
    for (const spec of RECORD_FIELDS[kind]) {
      map.set(normalizeHeader(spec.zh), spec);
      map.set(spec.key.toLowerCase(), spec);
    }
    lookup = map;
    lookupCache.set(kind, lookup);
  }
  return lookup;
}

/** The field a header names, if any. */
export function fieldForHeader(kind: RecordKind, header: string): FieldSpec | undefined {
  const normalized = normalizeHeader(header);
  const lookup = headerLookup(kind);
  return lookup.get(normalized) ?? lookup.get(normalized.toLowerCase());
}

/** `第3列` / `column 3` label for a column with no header. */
export function columnNumberLabel(index: number): string {
  return `第${index + 1}列`;
}

export function bindHeader(file: string, kind: RecordKind, header: RawRow): HeaderBinding {
  const binding: HeaderBinding = {
    row: header.row,
    width: 0,
    fieldAt: [],
    attributeAt: [],
    indexOf: {},
    labels: [],
    missing: [],
    problems: [],
  };
  const seen = new Map<string, number>();
  header.cells.forEach((cell, index) => {
    const label = cellText(cell).trim();
    binding.labels[index] = label;
    if (label === "") return;
    binding.width = index + 1;
    const spec = fieldForHeader(kind, label);
    const name = spec ? spec.key : normalizeHeader(label);
    const first = seen.get(name);
    if (first !== undefined) {
      const firstLabel = binding.labels[first] ?? "";
      binding.problems.push({
        file,
        row: header.row,
        column: label,
        value: label,
        reason: `列重复：与第${first + 1}列“${firstLabel}”是同一列${spec ? `（${spec.zh}）` : ""}`,
        reasonEn: `duplicate column: same as column ${first + 1} "${firstLabel}"${spec ? ` (${spec.key})` : ""}`,
      });
      return;
    }
    seen.set(name, index);
    if (spec) {
      binding.fieldAt[index] = spec;
      binding.indexOf[spec.key] = index;
    } else {
      binding.attributeAt[index] = name;
    }
  });
  for (const spec of RECORD_FIELDS[kind]) {
    if (spec.required && binding.indexOf[spec.key] === undefined) {
      binding.missing.push(spec);
      binding.problems.push({
        file,
        row: header.row,
        column: spec.zh,
        value: "",
        reason: `缺少必需的列“${spec.zh}”（或英文列名 ${spec.key}）`,
        reasonEn: `required column ${spec.zh} (${spec.key}) is missing`,
      });
    }
  }
  return binding;
}
