/**
 * The values a column of open values holds (column-values.ts), which a rubric's texts are checked against (KH267): on
 * either database, most frequent first, an attribute read as a comparison reads it (by its name or its label, a JSON
 * number as its text, "" as none), a column of more values than counted said incomplete, and the answer remembered
 * until the data changes.
 */
import type { RecordColumn } from "@kaohe/rules-dsl";
import { columnKey } from "@kaohe/rules-dsl";
import { describe, expect, it } from "vitest";
import { columnValues } from "../src/column-values.ts";
import { databases, useDatabase } from "./support/databases.ts";

const COLUMNS = ["id", "unit", "source", "kind", "receivedAt", "dueAt", "attributes", "updatedAt"];
const kinds = ["投诉", "投诉", "投诉", "咨询", "咨询", "求助", null];
const ratings: (string | number | null)[] = ["满意", "满意", "基本满意", "不满意", "", null, 1];

describe.each(databases)("the values a column holds on $label", (target) => {
  const t = useDatabase(target);
  const kind: RecordColumn = { record: "orders", field: "kind" };
  const rating: RecordColumn = { record: "orders", attribute: "评价", label: "回访评价" };

  it("counts each value, most frequent first; an attribute by its name or its label", async () => {
    await t.raw.execute(`INSERT INTO "categories" ("name", "position") VALUES ('镇', 1)`);
    const p = (n: number) => (t.provider === "sqlite" ? "?" : `$${n}`);
    await t.raw.execute(`INSERT INTO "units" ("code", "name", "category", "attributes", "updatedAt") VALUES (${p(1)}, '甲镇', '镇', '{}', ${p(2)})`, [
      "U1",
      t.raw.timestamp(new Date()),
    ]);
    const rows = kinds.map((k, i) => {
      const r = ratings[i];
      // the first two by the attribute's name, the others by the spreadsheet's header (its label)
      const attributes = r === null ? {} : i < 2 ? { 评价: r } : { 回访评价: r };
      return [`A${i}`, "U1", "县中心", k, 1_700_000_000_000 + i, 1_700_000_900_000, JSON.stringify(attributes), 0];
    });
    await t.raw.insertMany("orders", COLUMNS, rows);
    const got = await columnValues(t.raw, [kind, rating, { record: "orders", field: "source" }]);
    expect(got[columnKey(kind)]).toEqual({
      complete: true,
      values: [
        { value: "投诉", count: 3 },
        { value: "咨询", count: 2 },
        { value: "求助", count: 1 },
      ],
    });
    expect(got[columnKey(rating)]).toEqual({
      complete: true,
      values: [
        { value: "满意", count: 2 },
        { value: "1", count: 1 },
        { value: "不满意", count: 1 },
        { value: "基本满意", count: 1 },
      ],
    });
    expect(got[columnKey({ record: "orders", field: "source" })]?.values).toEqual([{ value: "县中心", count: 7 }]);
  });

  it("a column of more values than counted is incomplete", async () => {
    const got = await columnValues(t.raw, [{ record: "orders", field: "id" }, kind], 2);
    // (an id is no column of open values the rubric compares; asked for, it is not answered)
    expect(got[columnKey(kind)]).toEqual({
      complete: false,
      values: [
        { value: "投诉", count: 3 },
        { value: "咨询", count: 2 },
      ],
    });
  });

  it("is remembered while the data stays the same, and counted anew after a write", async () => {
    const before = await columnValues(t.raw, [kind]);
    expect(await columnValues(t.raw, [kind])).toEqual(before);
    await t.raw.execute(`UPDATE "orders" SET "kind" = '建议' WHERE "id" = 'A6'`);
    expect((await columnValues(t.raw, [kind]))[columnKey(kind)]?.values).toContainEqual({ value: "建议", count: 1 });
  });
});
