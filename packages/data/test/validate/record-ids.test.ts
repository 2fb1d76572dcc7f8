import { describe, expect, it } from "vitest";
import { EVENT_FIELDS, ORDER_FIELDS } from "../../src/schema.ts";
import type { HotlineEvent, Order } from "../../src/types.ts";
import { eventFingerprint, fingerprintOf, orderFingerprint, RecordIds } from "../../src/validate/record-ids.ts";

const ORDER: Order = {
  id: "GD1",
  unit: "Z01",
  source: "县中心",
  kind: "投诉",
  receivedAt: 1_500_000_000_000,
  dueAt: 1_500_600_000_000,
  extendedTo: null,
  closedAt: 1_500_300_000_000,
  delayExcused: false,
  returned: false,
  returnAccepted: false,
  redoCount: 0,
  anonymous: true,
  visited: false,
  processSatisfaction: "满意",
  resultSatisfaction: null,
  closureType: "正常办结",
  rebound: false,
  leaderInstructed: false,
  attributes: { 渠道: "电话" },
};
const EVENT: HotlineEvent = {
  id: "SJ1",
  unit: "Z01",
  date: 1_500_000_000_000,
  type: "行政不作为",
  count: 1,
  points: 1.5,
  orderId: null,
  note: "说明",
  attributes: {},
};

/** Another value of the same kind for a field (a string, number, boolean or null). */
function other(value: unknown): unknown {
  if (typeof value === "string") return `${value}x`;
  if (typeof value === "number") return value + 1;
  if (typeof value === "boolean") return !value;
  return "x";
}

describe("fingerprints by field name", () => {
  const kinds = [
    { name: "orderFingerprint", fields: ORDER_FIELDS, record: ORDER, fingerprint: orderFingerprint as (r: never, into: Uint8Array) => number },
    { name: "eventFingerprint", fields: EVENT_FIELDS, record: EVENT, fingerprint: eventFingerprint as (r: never, into: Uint8Array) => number },
  ];
  it.each(kinds)("$name is fingerprintOf(its fields) and reads every one of them and the attributes", ({ fields, record, fingerprint }) => {
    const asFields = (r: object) => r as Record<string, unknown>;
    const bytes = () => new Uint8Array(fields.length + 1);
    const [baseBytes, ofBytes] = [bytes(), bytes()];
    const base = fingerprint(record as never, baseBytes);
    expect(base).toBe(fingerprintOf(fields, asFields(record), ofBytes));
    expect(baseBytes).toEqual(ofBytes);
    const variants = [...fields.map((field) => ({ ...record, [field.key]: other(asFields(record)[field.key]) })), { ...record, attributes: { 渠道: "网站" } }];
    let bytesTold = 0;
    variants.forEach((changed, i) => {
      const [changedBytes, changedOfBytes] = [bytes(), bytes()];
      expect(fingerprint(changed as never, changedBytes)).toBe(fingerprintOf(fields, asFields(changed), changedOfBytes));
      expect(changedBytes).toEqual(changedOfBytes);
      expect(fingerprint(changed as never, bytes())).not.toBe(base);
      // the bytes of the fields not changed are as they were (the changed one's differs but for a 1-in-256 chance)
      changedBytes.forEach((b, at) => {
        if (at !== i) expect(b, `byte ${at} of variant ${i}`).toBe(baseBytes[at]);
        else if (b !== baseBytes[at]) bytesTold++;
      });
    });
    expect(bytesTold).toBeGreaterThanOrEqual(variants.length - 1);
  });
});

describe("RecordIds in and out of increasing order", () => {
  const order = (id: string, closedAt: number | null = null) => ({ ...ORDER, id, closedAt });

  it("finds a repeat of an id seen while ids increased, after they stop increasing", () => {
    const ids = new RecordIds();
    expect(ids.see("orders", "a.csv", 2, order("GD2"))).toEqual({ kind: "first" });
    expect(ids.see("orders", "a.csv", 3, order("GD3"))).toEqual({ kind: "first" });
    expect(ids.see("orders", "a.csv", 4, order("GD5"))).toEqual({ kind: "first" });
    // out of order, new
    expect(ids.see("orders", "a.csv", 5, order("GD4"))).toEqual({ kind: "first" });
    expect(ids.see("orders", "a.csv", 6, order("GD3"))).toEqual({ kind: "identical", earlier: { file: "a.csv", row: 3 } });
    expect(ids.see("orders", "b.csv", 2, order("GD4", 7))).toEqual({ kind: "different", earlier: { file: "a.csv", row: 5 }, columns: ["办结时间"] });
    expect(ids.see("orders", "b.csv", 3, order("GD6"))).toEqual({ kind: "first" });
    expect(ids.see("orders", "b.csv", 4, order("GD6"))).toEqual({ kind: "identical", earlier: { file: "b.csv", row: 3 } });
  });

  it("takes the same id right after itself as a repeat, and keeps each kind's ids apart", () => {
    const ids = new RecordIds(true);
    expect(ids.see("orders", "a.csv", 2, order("GD1"))).toEqual({ kind: "first" });
    expect(ids.see("orders", "a.csv", 3, order("GD1", 5))).toEqual({ kind: "different", earlier: { file: "a.csv", row: 2 }, columns: ["办结时间"] });
    // the later row won: the next compares with it
    expect(ids.see("orders", "a.csv", 4, order("GD1", 5))).toEqual({ kind: "identical", earlier: { file: "a.csv", row: 3 } });
    expect(ids.see("events", "a.csv", 5, { ...EVENT, id: "GD1" })).toEqual({ kind: "first" });
  });
});

describe("RecordIds against a map of every id", () => {
  /** a repeatable sequence of numbers in [0, 1) (a linear congruential generator) */
  function numbers(seed: number): () => number {
    let state = seed;
    return () => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state / 2 ** 32;
    };
  }

  it.each([1, 2, 3])("says what a map says of 20,000 rows: increasing runs, then any order, prefixes, repeats and Chinese ids (seed %i)", (seed) => {
    const random = numbers(seed);
    const ids = new RecordIds();
    const model = new Map<string, { file: string; row: number; closedAt: number }>();
    const keys: string[] = [];
    let next = 0;
    for (let row = 1; row <= 20_000; row++) {
      // the first 3,000 rows in increasing order (the lookup-free path); then new ids (some a prefix of another, or Chinese), and repeats
      const pick = random();
      let id: string;
      if (row <= 3_000) id = `GD${String(next++).padStart(6, "0")}`;
      else if (pick < 0.3 && keys.length > 0) id = keys[Math.floor(random() * keys.length)] as string;
      else if (pick < 0.45) id = `工单${Math.floor(random() * 50_000)}`;
      else id = `GD${Math.floor(random() * 60_000)}`;
      const file = row % 7 === 0 ? "b.csv" : "a.csv";
      const closedAt = random() < 0.5 ? 1 : 2;
      const seen = model.get(id);
      const expected =
        seen === undefined
          ? { kind: "first" }
          : seen.closedAt === closedAt
            ? { kind: "identical", earlier: { file: seen.file, row: seen.row } }
            : { kind: "different", earlier: { file: seen.file, row: seen.row }, columns: ["办结时间"] };
      if (seen === undefined) {
        model.set(id, { file, row, closedAt });
        keys.push(id);
      }
      expect(ids.see("orders", file, row, { ...ORDER, id, closedAt }), `row ${row}, id ${id}`).toEqual(expected);
    }
  });
});
