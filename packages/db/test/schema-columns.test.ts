/**
 * The orders' and events' columns have one source, the file contract (@kaohe/data ORDER_FIELDS, EVENT_FIELDS):
 * the import writes them in its order (src/import/row-specs.ts) and the SQL push-down knows which are never
 * missing from it (rules-engine measures/record-sql.ts). The Prisma schema, which makes the tables, says the same
 * again in its own language: here it is read as text and held to the contract — exactly these columns, besides
 * the attributes and the import's bookkeeping, each NOT NULL exactly when the contract says it always has a
 * value (required in the file, or a type with a default: 是/否 is 否, a count 0 or 1), with a matching type.
 */
import { readFileSync } from "node:fs";
import { EVENT_FIELDS, type FieldSpec, ORDER_FIELDS } from "@kaohe/data";
import { describe, expect, it } from "vitest";
import { eventSpec, orderSpec } from "../src/import/row-specs.ts";

const prisma = readFileSync(new URL("../prisma/models.prisma", import.meta.url), "utf8");

interface Column {
  name: string;
  type: string;
  optional: boolean;
  default: string | null;
}

/** A model's scalar columns: its field lines, relations (a type that is another model) and @@ attributes left out. */
function modelColumns(model: string): Column[] {
  const m = new RegExp(`^model ${model} \\{\\n([\\s\\S]*?)^\\}`, "m").exec(prisma);
  if (!m) throw new Error(`no model ${model} in models.prisma`);
  const scalars = new Set(["String", "Int", "Float", "Boolean", "Json", "DateTime", "BigInt", "Decimal", "Bytes"]);
  return (m[1] as string)
    .split("\n")
    .map((line) => line.replace(/\/\/.*$/, "").trim())
    .map((line) => /^(\w+)\s+(\w+)(\?|\[\])?(.*)$/.exec(line))
    .filter((x): x is RegExpExecArray => x !== null && scalars.has(x[2] as string))
    .map((x) => ({ name: x[1] as string, type: x[2] as string, optional: x[3] === "?", default: /@default\(([^)]*)\)/.exec(x[4] as string)?.[1] ?? null }));
}

/** Columns of the tables that are not in the file: the unknown columns, as JSON, the import's bookkeeping, and the digest a fingerprint reads. */
const NOT_IN_FILE = ["attributes", "batchId", "updatedAt", "digest"];

const DEFAULTS: Partial<Record<FieldSpec["type"], string>> = { boolean: "false", count0: "0", count1: "1" };

const prismaType = (f: FieldSpec) =>
  f.type === "boolean"
    ? "Boolean"
    : f.type === "count0" || f.type === "count1"
      ? "Int"
      : f.type === "datetime" || f.type === "deadline" || f.type === "date" || f.type === "number"
        ? "Float"
        : "String";

describe("models.prisma has the file contract's columns", () => {
  for (const [model, fields, spec] of [
    ["Order", ORDER_FIELDS, orderSpec],
    ["Event", EVENT_FIELDS, eventSpec],
  ] as const) {
    const columns = modelColumns(model);

    it(`${model}: exactly the contract's columns, and those not in the file`, () => {
      expect(columns.map((c) => c.name).sort()).toEqual([...fields.map((f) => f.key), ...NOT_IN_FILE].sort());
    });

    it(`${model}: NOT NULL exactly where the contract always has a value, with its default and type`, () => {
      const byName = new Map(columns.map((c) => [c.name, c]));
      for (const f of fields) {
        const c = byName.get(f.key);
        const defaulted = DEFAULTS[f.type] ?? null;
        expect({ key: f.key, optional: c?.optional, default: c?.default, type: c?.type }).toEqual({
          key: f.key,
          optional: !(f.required || defaulted !== null),
          default: defaulted,
          type: prismaType(f),
        });
      }
    });

    it(`${model}: the import writes the contract's columns in its order, then the attributes`, () => {
      expect([...spec.columns]).toEqual([...fields.map((f) => f.key), "attributes"]);
    });
  }
});
