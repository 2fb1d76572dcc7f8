/**
 * The rules language's record model (rules-dsl symbols.ts `orderFields`, `eventFields`: the names a rubric reads
 * a record by) is the file contract's (@kaohe/data ORDER_FIELDS, EVENT_FIELDS, the one list of the columns): the
 * same keys, in the same order, with the same Chinese names. rules-dsl sits beside @kaohe/data (the same layer:
 * neither imports the other) and runs in the browser, so it keeps its own list; this test holds the two together.
 */
import { CLOSURE_TYPES, EVENT_FIELDS, fieldChoices, fieldChoicesOpen, ORDER_FIELDS, SATISFACTION_LEVELS } from "@kaohe/data";
import { eventFields, orderFields } from "@kaohe/rules-dsl";
import { describe, expect, it } from "vitest";

/** Names of the record model that are computed, not read from a column. */
const DERIVED = new Set(["typePoints"]);

describe("the record model is the file contract's", () => {
  for (const [kind, model, contract] of [
    ["orders", orderFields, ORDER_FIELDS],
    ["events", eventFields, EVENT_FIELDS],
  ] as const) {
    it(`${kind}: every column, key for key and with its Chinese name`, () => {
      const stored = model.filter((f) => !DERIVED.has(f.key)).map((f) => ({ key: f.key, zh: f.zh }));
      expect(stored).toEqual(contract.map((f) => ({ key: f.key, zh: f.zh })));
    });

    it(`${kind}: a column's type in the language follows its type in the file`, () => {
      const languageType = (t: string) =>
        t === "boolean"
          ? "bool"
          : t === "datetime" || t === "deadline" || t === "date"
            ? "datetime"
            : t === "count0" || t === "count1" || t === "number"
              ? "number"
              : "text";
      const byKey = new Map(model.map((f) => [f.key, f.type]));
      for (const f of contract) expect([f.key, byKey.get(f.key)]).toEqual([f.key, languageType(f.type)]);
    });
  }

  it("the derived names are the events' typePoints only", () => {
    expect(orderFields.filter((f) => DERIVED.has(f.key))).toEqual([]);
    expect(eventFields.filter((f) => DERIVED.has(f.key)).map((f) => f.key)).toEqual(["typePoints"]);
  });

  it("a column of fixed values (满意度, 结案类型) has the values the importer takes, and no other column has a list", () => {
    const byKey = new Map(orderFields.map((f) => [f.key, f.values]));
    for (const f of ORDER_FIELDS) {
      const closed = fieldChoicesOpen(f.type) || f.type === "boolean" ? undefined : fieldChoices(f.type);
      expect([f.key, byKey.get(f.key)]).toEqual([f.key, closed]);
    }
    expect(byKey.get("resultSatisfaction")).toEqual(SATISFACTION_LEVELS);
    expect(byKey.get("closureType")).toEqual(CLOSURE_TYPES);
  });
});
