/**
 * What an imported file's records hold that a rubric may not know: the event types, checklist items and unit
 * categories it names (with their months or years), the extra columns its orders fill in each month, and the
 * events whose 关联工单 names no stored order. Tallied while the file is read (a few counters per distinct
 * value, never a row kept), so that the import can warn about records that will silently score nothing
 * (@kaohe/services, import-warnings.ts, which knows the rubrics).
 */
import type { Fact, HotlineEvent, Order, RecordKind, Unit } from "@kaohe/data";
import { addMonths, DAY_MS, SHANGHAI_OFFSET_MS, shanghaiDayStart, shanghaiMonth } from "@kaohe/time";
import type { RawDb } from "../raw.ts";
import { param } from "../sql.ts";

/** Rows of the file named in a warning (the count is always exact). */
export const EXAMPLE_ROWS = 5;
/** Distinct values tallied per file: a file of thousands of different event types is not what the warnings are for. */
const MAX_VALUES = 1000;

/** One value a file's records name, in one period. */
interface ValueTally {
  /** the event type, the checklist item (事项) or the unit category */
  value: string;
  /** events: the month ("2017-10"); facts: the year ("2017") or, for a monthly row, the month; units: "" */
  period: string;
  count: number;
  /** the first few rows of the file (as the problem list numbers them: the header is row 1) */
  rows: number[];
}

/** Orders of one month of the file, and the extra columns that had a value in any of them. */
interface OrderMonth {
  month: string;
  count: number;
  attributes: string[];
}

export interface FileContents {
  values: ValueTally[];
  /** events that give their 分值, by type and month: a rubric that fixes a type's points does not read it */
  pointed: ValueTally[];
  orderMonths: OrderMonth[];
  /** events whose 关联工单 names no order in the store after the import (checked once every file is written) */
  unlinked: { count: number; rows: number[]; orderIds: string[] };
  /** orders' 办理时限: how many, and how many of them written at 00:00 exactly (a date, as some platforms write it?) */
  deadlines: { count: number; midnight: number; rows: number[] };
  /** orders 已回访 whose 过程满意度, or 结果满意度, is empty, by the month received and the field: how many, and the first rows */
  unrated: { month: string; field: "processSatisfaction" | "resultSatisfaction"; count: number; rows: number[] }[];
  /**
   * ids of orders or events with a small letter in them (dia0005): the ones that may be a stored record's id in other
   * case (DIA0005), looked up after the import (a data review stored dia0005 beside DIA0005 as a second order); at most
   * `MAX_VALUES` of them
   */
  lowerCaseIds: { id: string; row: number }[];
  /**
   * Orders stored before of a month the file covers, of the units it has orders of that month, that the file does not
   * hold (a re-export without an order the platform voided or merged: it was kept and scored without a word, a data
   * review): by month, how many, the first few ids, the units (codes) and the import batches that last wrote them.
   * Looked for after the write (`checkMissing`).
   */
  missing: MissingOrders[];
}

export interface MissingOrders {
  month: string;
  count: number;
  ids: string[];
  units: string[];
  batches: { id: number; fileName: string }[];
  /** the days of the month the file has orders on */
  days: number;
}

/**
 * A 31-bit hash of an id (FNV-1a, mixed): a month's ids kept as small integers, not strings (a file of a million
 * orders holds them all). A stored order whose hash one of the file's has is taken for in the file: of a million, one
 * missing order in about 2,000 goes untold.
 */
function idHash(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619);
  h = Math.imul(h ^ (h >>> 15), 2246822507);
  return (h ^ (h >>> 13)) >>> 1;
}

/** The stored events whose 关联工单 names no stored order: the store's events are few (a county's verified incidents), one pass with the order id index. */
export function danglingEvents(raw: RawDb): Promise<{ id: string }[]> {
  return raw.query<{ id: string }>(
    `SELECT e."id" FROM "events" e WHERE e."orderId" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "orders" o WHERE o."id" = e."orderId")`,
  );
}

/**
 * A month's orders in the file: the ids' hashes as they come (a Set of a million numbers cost ~0.5 s of an import's
 * reading; they are looked up only when the month's stored orders outnumber the file's), its units and days.
 */
class OrdersOfMonth {
  count = 0;
  /** the orders not replacing an earlier row of the file with their id */
  distinct = 0;
  readonly attributes = new Set<string>();
  readonly units = new Set<string>();
  readonly days = new Set<number>();
  private hashes = new Int32Array(1024);
  private hashCount = 0;
  private lastUnit = "";
  private lastDay = Number.NaN;

  /** An order of the month (`repeat`: replacing an earlier row of the file with its id). */
  add(id: string, unit: string, day: number, repeat: boolean): void {
    this.count++;
    if (!repeat) this.distinct++;
    if (this.hashCount === this.hashes.length) {
      const grown = new Int32Array(2 * this.hashes.length);
      grown.set(this.hashes);
      this.hashes = grown;
    }
    this.hashes[this.hashCount++] = idHash(id);
    // (a file's rows come a unit's or a day's at a time, often)
    if (unit !== this.lastUnit) {
      this.units.add(unit);
      this.lastUnit = unit;
    }
    if (day !== this.lastDay) {
      this.days.add(day);
      this.lastDay = day;
    }
  }

  /** Adds the ids' hashes to `into`, to look stored ids up in. */
  addIds(into: Set<number>): void {
    for (let i = 0; i < this.hashCount; i++) into.add(this.hashes[i] as number);
  }
}

/** Tallies one file's records as they are read. */
export class ContentsTally {
  private readonly values = new Map<string, ValueTally>();
  private readonly pointed = new Map<string, ValueTally>();
  private readonly months = new Map<string, OrdersOfMonth>();
  /** a Beijing day's month, by day number (a million orders fall on a few hundred days) */
  private readonly monthOfDay = new Map<number, string>();
  /** events with a 关联工单: id → row and order id */
  readonly links = new Map<string, { row: number; orderId: string }>();
  private unlinked: FileContents["unlinked"] = { count: 0, rows: [], orderIds: [] };
  private readonly deadlines: FileContents["deadlines"] = { count: 0, midnight: 0, rows: [] };
  private readonly unrated = new Map<string, FileContents["unrated"][number]>();
  private readonly lowerCaseIds: FileContents["lowerCaseIds"] = [];
  private missing: MissingOrders[] = [];

  constructor(private readonly kind: RecordKind) {}

  /**
   * `midnightDeadline`: an order's 办理时限 was written at 00:00 exactly (the reader tells, from the cell as written);
   * `repeat`: the record replaces an earlier row of this file with its id (already tallied once, in the earlier row's
   * month: its orders are counted with it)
   */
  add(record: unknown, row: number, midnightDeadline = false, repeat = false): void {
    if ((this.kind === "orders" || this.kind === "events") && this.lowerCaseIds.length < MAX_VALUES) {
      const id = (record as { id: string }).id;
      if (/[a-z]/.test(id)) this.lowerCaseIds.push({ id, row });
    }
    switch (this.kind) {
      case "units":
        this.value((record as Unit).category, "", row);
        break;
      case "events": {
        const e = record as HotlineEvent;
        const month = this.month(Math.floor((e.date + SHANGHAI_OFFSET_MS) / DAY_MS), e.date);
        this.value(e.type, month, row);
        if (e.points !== null) this.tally(this.pointed, e.type, month, row);
        if (e.orderId) this.links.set(e.id, { row, orderId: e.orderId });
        break;
      }
      case "facts": {
        const f = record as Fact;
        this.value(f.item, f.month ?? String(f.year), row);
        break;
      }
      case "orders": {
        const o = record as Order;
        const day = Math.floor((o.receivedAt + SHANGHAI_OFFSET_MS) / DAY_MS);
        const month = this.month(day, o.receivedAt);
        let m = this.months.get(month);
        if (!m) {
          m = new OrdersOfMonth();
          this.months.set(month, m);
        }
        m.add(o.id, o.unit, day, repeat);
        for (const key in o.attributes) m.attributes.add(key);
        this.deadlines.count++;
        if (midnightDeadline && this.deadlines.midnight++ < EXAMPLE_ROWS) this.deadlines.rows.push(row);
        if (o.visited) {
          if (o.processSatisfaction === null) this.unratedRow(month, "processSatisfaction", row);
          if (o.resultSatisfaction === null) this.unratedRow(month, "resultSatisfaction", row);
        }
        break;
      }
      default:
        break;
    }
  }

  private unratedRow(month: string, field: FileContents["unrated"][number]["field"], row: number): void {
    const key = `${month}|${field}`;
    let u = this.unrated.get(key);
    if (!u) {
      u = { month, field, count: 0, rows: [] };
      this.unrated.set(key, u);
    }
    if (u.count++ < EXAMPLE_ROWS) u.rows.push(row);
  }

  /** The file's events whose 关联工单 the store does not hold (`danglingEvents`, once every file of the import is written). */
  checkLinks(dangling: readonly { id: string }[]): void {
    if (this.links.size === 0) return;
    const found: { row: number; orderId: string }[] = [];
    for (const { id } of dangling) {
      const link = this.links.get(id);
      if (link) found.push(link);
    }
    found.sort((a, b) => a.row - b.row);
    this.unlinked = {
      count: found.length,
      rows: found.slice(0, EXAMPLE_ROWS).map((l) => l.row),
      orderIds: [...new Set(found.map((l) => l.orderId))].slice(0, EXAMPLE_ROWS),
    };
  }

  /**
   * The stored orders of each month the file covers, of its units that month, that neither it holds (after the write:
   * every order of the file is stored then) nor another file of the import (`otherFiles`). A month is covered when the
   * file's orders of it fall on at least as many days as the stored orders of those units do: a daily or weekly export,
   * or one cut at the 25th (a rubric's month from the 26th), falls on fewer, and lacks the rest of the month by design. A count of its units' orders of the
   * month (by the orders' key), then of their days; their ids are read only when more are stored than the file has and
   * on no fewer days (a re-import of the same export reads none).
   */
  async checkMissing(raw: RawDb, otherFiles: readonly ContentsTally[] = []): Promise<void> {
    if (this.kind !== "orders") return;
    const p = (i: number) => param(raw.provider, i);
    for (const [month, m] of [...this.months].sort((a, b) => a[0].localeCompare(b[0]))) {
      const start = shanghaiDayStart(`${month}-01`);
      const end = shanghaiDayStart(`${addMonths(month, 1)}-01`);
      // the file's units: the orders' key begins with (unit, receivedAt), and SQLite has no index of the time alone
      const units = [...m.units];
      // (the parameters in the order they stand: SQLite's are positional)
      const ofMonth = `"unit" IN (${units.map((_, i) => p(i + 1)).join(", ")}) AND "receivedAt" >= ${p(units.length + 1)} AND "receivedAt" < ${p(units.length + 2)}`;
      const args = [...units, start, end];
      const stored = Number((await raw.query<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "orders" WHERE ${ofMonth}`, args))[0]?.n ?? 0);
      // every order of the file is stored: no more stored than the file's ids, none is missing (not the hashes' count:
      // a million ids hash to some hundred fewer values, and every first import read its whole month back for nothing).
      // A later row of the file moving an id to another month leaves it counted in the first: one the file lacks there
      // may go untold (as before).
      if (stored <= m.distinct) continue;
      // the days first, counted in the database: a daily or weekly export (fewer days than stored) stops here, before a
      // month of stored orders is read into memory in the import's transaction (a review)
      // (a time is a float: its day whole, as each database writes it)
      const day = `("receivedAt" + ${SHANGHAI_OFFSET_MS}) / ${DAY_MS}`;
      const dayOf = raw.provider === "sqlite" ? `CAST(${day} AS INTEGER)` : `floor(${day})`;
      const storedDays = Number((await raw.query<{ n: number }>(`SELECT COUNT(DISTINCT ${dayOf}) AS "n" FROM "orders" WHERE ${ofMonth}`, args))[0]?.n ?? 0);
      if (m.days.size < storedDays) continue;
      const ofUnits = await raw.query<{ id: string; unit: string; receivedAt: number; batchId: number | null }>(
        `SELECT "id", "unit", "receivedAt", "batchId" FROM "orders" WHERE ${ofMonth}`,
        args,
      );
      ofUnits.sort((a, b) => Number(a.receivedAt) - Number(b.receivedAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      // held by this file, or by another file of the import (a fuller export of the month uploaded with it)
      const ids = new Set<number>();
      for (const file of [this, ...otherFiles]) file.months.get(month)?.addIds(ids);
      const absent = ofUnits.filter((r) => !ids.has(idHash(r.id)));
      if (absent.length === 0) continue;
      const batchIds = [...new Set(absent.map((r) => r.batchId).filter((b) => b !== null))].map(Number).slice(0, EXAMPLE_ROWS);
      const batches: MissingOrders["batches"] = [];
      for (const id of batchIds) {
        const [b] = await raw.query<{ fileName: string }>(`SELECT "fileName" FROM "import_batches" WHERE "id" = ${p(1)}`, [id]);
        batches.push({ id, fileName: b?.fileName ?? "" });
      }
      this.missing.push({
        month,
        count: absent.length,
        ids: absent.slice(0, EXAMPLE_ROWS).map((r) => r.id),
        units: [...new Set(absent.map((r) => r.unit))],
        batches,
        days: m.days.size,
      });
    }
  }

  report(): FileContents {
    return {
      values: [...this.values.values()],
      pointed: [...this.pointed.values()],
      orderMonths: [...this.months].map(([month, m]) => ({ month, count: m.count, attributes: [...m.attributes] })),
      unlinked: this.unlinked,
      deadlines: this.deadlines,
      unrated: [...this.unrated.values()],
      lowerCaseIds: this.lowerCaseIds,
      missing: this.missing,
    };
  }

  /** The month of a moment on the Beijing day `day` (days since the epoch). */
  private month(day: number, epoch: number): string {
    let month = this.monthOfDay.get(day);
    if (month === undefined) {
      month = shanghaiMonth(epoch);
      this.monthOfDay.set(day, month);
    }
    return month;
  }

  private value(value: string, period: string, row: number): void {
    this.tally(this.values, value, period, row);
  }

  private tally(into: Map<string, ValueTally>, value: string, period: string, row: number): void {
    const key = `${value}\u0000${period}`;
    const tally = into.get(key);
    if (tally) {
      tally.count++;
      if (tally.rows.length < EXAMPLE_ROWS) tally.rows.push(row);
    } else if (into.size < MAX_VALUES) into.set(key, { value, period, count: 1, rows: [row] });
  }
}
