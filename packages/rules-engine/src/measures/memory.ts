/**
 * The in-memory measure source, the reference back end: per unit and window,
 * counts and sums over the records in memory that match a predicate, in one
 * generated pass per record kind (record expressions compiled to JavaScript
 * by record-js.ts). The SQL push-down (record-sql.ts, run by @kaohe/db)
 * computes the same values in the database.
 */
import type { CalendarDay, Dataset, HotlineEvent, Order } from "@kaohe/data";
import type * as A from "@kaohe/rules-dsl";
import { printExpr } from "@kaohe/rules-dsl";
import { usesWorkdays, WorkCalendar } from "../workdays.ts";
import { type CodegenContext, fieldsUsed, H, plainChoices, recordExprJs } from "./record-js.ts";
import {
  isWarningMeasure,
  type MeasurePlan,
  type MeasureQuery,
  type MeasureSource,
  type MeasureSpec,
  type MeasureValues,
  planUsesWorkdays,
  type RecordKind,
} from "./source.ts";

const emptyRange: A.Range = { start: { line: 0, column: 0, offset: 0 }, end: { line: 0, column: 0, offset: 0 } };

type PassFn = (
  records: readonly (Order | HotlineEvent)[],
  unitOf: Int32Array,
  c: { start: number; end: number; prevStart: number; prevEnd: number; asOf: number; cal: WorkCalendar },
  acc: Float64Array,
  stride: number,
  ev: string[][] | null,
) => void;

/** A measure's place in the pass's accumulators; `ids`: whether the ids of the records it counts are kept (evidence). */
interface Slot {
  spec: MeasureSpec;
  slot: number;
  ids: boolean;
}

/** Generate one loop over a record kind that updates every measure of that kind. */
function generatePass(plan: MeasurePlan, kind: RecordKind, specs: Slot[]): PassFn {
  const ctx: CodegenContext = { symbols: plan.symbols, kind, constants: [], eventPoints: plan.eventPoints };
  // group measures by population filter so each population is tested once per record
  const groups = new Map<string, { where: A.Expr | null; items: Slot[] }>();
  for (const s of specs) {
    const key = s.spec.populationWhere ? printExpr(s.spec.populationWhere) : "";
    const g = groups.get(key) ?? { where: s.spec.populationWhere, items: [] };
    g.items.push(s);
    groups.set(key, g);
  }
  const body: string[] = [];
  for (const g of groups.values()) {
    const test = g.where ? `${recordExprJs(g.where, ctx)} === true` : "true";
    // derived fields the measures read are computed once per record, not once per use
    const used: string[] = [];
    for (const { spec } of g.items) {
      fieldsUsed(spec.where, ctx, used);
      fieldsUsed(spec.of, ctx, used);
    }
    ctx.fieldLocals = new Map();
    const inner: string[] = [];
    // a field reading the calendar is computed where it is used, as in SQL: a date outside the calendar is an error only
    // where a measure needs its value (not behind an `and` that is already false)
    const scope = kind === "orders" ? plan.symbols.orderScope : plan.symbols.eventScope;
    const fieldExpr = (n: string) => {
      const f = scope.get(n);
      return f?.kind === "field" ? f.decl.expr : null;
    };
    // nor one that is a plain read or a first present of them (延期时限 ?? 承诺时限): compared where it is read, not boxed (plainChoices)
    const hoisted = used.filter((name) => !usesWorkdays([fieldExpr(name)], fieldExpr) && plainChoices(fieldExpr(name) as A.Expr, ctx) === null);
    used.length = 0;
    used.push(...hoisted);
    used.forEach((name, i) => {
      inner.push(`const F${i} = ${recordExprJs({ kind: "name", name, range: g.where?.range ?? emptyRange }, ctx)};`);
      ctx.fieldLocals?.set(name, `F${i}`);
    });
    for (const { spec, slot, ids } of g.items) {
      const cond = spec.where ? `${recordExprJs(spec.where, ctx)} === true` : "true";
      const record = ids ? `if (ev !== null) ev[base + ${slot}].push(r.id);` : "";
      if (spec.aggregate === "count") {
        inner.push(`if (${cond}) { acc[base + ${slot}] += 1; ${record} }`);
      } else {
        const of = spec.of ? recordExprJs(spec.of, ctx) : "null";
        inner.push(`if (${cond}) { const x = ${of}; if (x !== null) { acc[base + ${slot}] += x; acc[base + ${slot + 1}] += 1; ${record} } }`);
      }
    }
    ctx.fieldLocals = undefined;
    body.push(`if (${test}) {\n${inner.join("\n")}\n}`);
  }
  const source = `
    return function pass(records, unitOf, c, acc, stride, ev) {
      let v;
      for (let i = 0; i < records.length; i++) {
        const u = unitOf[i];
        if (u < 0) continue;
        const r = records[i];
        const base = u * stride;
        ${body.join("\n")}
      }
    };`;
  return new Function("H", "K", source)(H, ctx.constants) as PassFn;
}

/** Index records by unit once per dataset: the same array serves every pass. */
const unitIndexCache = new WeakMap<readonly unknown[], { units: string[]; unitOf: Int32Array }>();

function unitIndex(records: readonly (Order | HotlineEvent)[], units: string[]): Int32Array {
  const cached = unitIndexCache.get(records);
  if (cached && cached.units.length === units.length && cached.units.every((u, i) => u === units[i])) return cached.unitOf;
  const index = new Map(units.map((u, i) => [u, i]));
  const unitOf = new Int32Array(records.length);
  for (let i = 0; i < records.length; i++) unitOf[i] = index.get((records[i] as Order).unit) ?? -1;
  unitIndexCache.set(records, { units, unitOf });
  return unitOf;
}

/** The reference measure source: one generated pass per record kind over the dataset in memory. */
export class InMemoryMeasureSource implements MeasureSource {
  private readonly passes = new WeakMap<MeasurePlan, Map<RecordKind, { fn: PassFn; slots: Map<string, number>; stride: number }>>();

  /** the working-day calendar (built from `data.calendar` when first needed) */
  private calendar: WorkCalendar | null = null;

  constructor(readonly data: Pick<Dataset, "orders" | "events"> & { calendar?: readonly CalendarDay[] }) {}

  private workCalendar(): WorkCalendar {
    this.calendar ??= new WorkCalendar(this.data.calendar ?? []);
    return this.calendar;
  }

  private compiled(plan: MeasurePlan) {
    let byKind = this.passes.get(plan);
    if (byKind) return byKind;
    byKind = new Map();
    for (const kind of ["orders", "events"] as const) {
      const specs = plan.measures.filter((m) => m.record === kind);
      const slots = new Map<string, number>();
      // measures of one signature (a population's size beside its count 工单数) are one slot, read under each name
      const bySignature = new Map<string, Slot>();
      let next = 0;
      for (const spec of specs) {
        let place = bySignature.get(spec.signature);
        if (!place) {
          place = { spec, slot: next, ids: false };
          bySignature.set(spec.signature, place);
          next += spec.aggregate === "count" ? 1 : 2;
        }
        // a warning's count (a population's size) is behind no point: a slot keeps ids only for a measure that is
        place.ids ||= !isWarningMeasure(spec.name);
        slots.set(spec.name, place.slot);
      }
      const withSlots = [...bySignature.values()];
      byKind.set(kind, { fn: generatePass(plan, kind, withSlots), slots, stride: Math.max(next, 1) });
    }
    this.passes.set(plan, byKind);
    return byKind;
  }

  compute(plan: MeasurePlan, query: MeasureQuery): MeasureValues {
    const byKind = this.compiled(plan);
    const cal = this.workCalendar();
    // a rubric counting working days needs the scored window's years in the calendar: an error naming the year, not weekdays
    if (planUsesWorkdays(plan)) cal.checkWindow(query.window);
    const c = {
      start: query.window.start,
      end: query.window.end,
      prevStart: query.previous?.start ?? Number.NaN,
      prevEnd: query.previous?.end ?? Number.NaN,
      asOf: query.asOf,
      cal,
    };
    const results = new Map<RecordKind, { acc: Float64Array; ev: string[][] | null; slots: Map<string, number>; stride: number }>();
    for (const kind of ["orders", "events"] as const) {
      const pass = byKind.get(kind);
      if (!pass) continue;
      const records = kind === "orders" ? this.data.orders : this.data.events;
      const size = query.units.length * pass.stride;
      const acc = new Float64Array(size);
      const ev = query.evidence ? Array.from({ length: size }, () => [] as string[]) : null;
      if (pass.slots.size > 0) pass.fn(records, unitIndex(records, query.units), c, acc, pass.stride, ev);
      results.set(kind, { acc, ev, slots: pass.slots, stride: pass.stride });
    }
    const unitPos = new Map(query.units.map((u, i) => [u, i]));
    // each measure's place, found once: a value is then two lookups (the measure's, the unit's) and an index
    const places = new Map<string, { aggregate: MeasureSpec["aggregate"]; acc: Float64Array; ev: string[][] | null; slot: number; stride: number }>();
    for (const spec of plan.measures) {
      // (names are unique; were one not, its last spec would count, as in a Map built from the list)
      const r = results.get(spec.record);
      const slot = r?.slots.get(spec.name);
      if (r && slot !== undefined) places.set(spec.name, { aggregate: spec.aggregate, acc: r.acc, ev: r.ev, slot, stride: r.stride });
      else places.delete(spec.name);
    }
    const anyEvidence = Boolean(query.evidence);
    return {
      value(unit, name) {
        const p = places.get(name);
        const u = unitPos.get(unit);
        if (p === undefined || u === undefined) return null;
        const at = u * p.stride + p.slot;
        if (p.aggregate === "count" || p.aggregate === "sum") return p.acc[at] as number;
        const n = p.acc[at + 1] as number;
        return n === 0 ? null : (p.acc[at] as number) / n;
      },
      evidence(unit, name) {
        // (a warning's count may share its slot with a measure's: no ids behind it, as in the push-down)
        if (!anyEvidence || isWarningMeasure(name)) return [];
        const p = places.get(name);
        const u = unitPos.get(unit);
        if (p === undefined || u === undefined) return [];
        return p.ev?.[u * p.stride + p.slot] ?? [];
      },
    };
  }
}
