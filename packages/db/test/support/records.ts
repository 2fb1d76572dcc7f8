/**
 * Reading stored rows back as the records the engine sees, and writing
 * records straight into the tables (the form importFiles gives them).
 */
import type { Fact, HotlineEvent, Order, Unit } from "@kaohe/data";
import { eventFromRow, eventSpec, orderFromRow, orderSpec, unitSpec } from "../../src/import/row-specs.ts";
import { ensureCategories } from "../../src/import/write.ts";
import type { RawDb, Row } from "../../src/raw.ts";
import { changeAudit } from "./databases.ts";

const json = (v: unknown) => (typeof v === "string" ? JSON.parse(v) : (v ?? {})) as Record<string, string>;

/** Stored rows back in the engine's shape: the same conversion the drill-down uses. */
export const orderOfRow = (r: Row): Order => orderFromRow(r);
export const eventOfRow = (r: Row): HotlineEvent => eventFromRow(r);

export async function storedUnits(raw: RawDb): Promise<Unit[]> {
  const rows = await raw.query(`SELECT * FROM "units" ORDER BY "code"`);
  return rows.map((r) => ({ code: String(r.code), name: String(r.name), category: String(r.category), attributes: json(r.attributes) }));
}

export async function storedOrders(raw: RawDb): Promise<Order[]> {
  return (await raw.query(`SELECT * FROM "orders" ORDER BY "id"`)).map(orderOfRow);
}

export async function storedEvents(raw: RawDb): Promise<HotlineEvent[]> {
  return (await raw.query(`SELECT * FROM "events" ORDER BY "id"`)).map(eventOfRow);
}

export async function storedFacts(raw: RawDb): Promise<Fact[]> {
  const rows = await raw.query(`SELECT * FROM "facts" ORDER BY "unit", "year", "item"`);
  return rows.map((r) => {
    const v = String(r.value);
    const fact: Fact = { unit: String(r.unit), year: Number(r.year), item: String(r.item), value: v === "是" ? true : v === "否" ? false : Number(v) };
    if (r.month !== null && r.month !== undefined) fact.month = String(r.month);
    return fact;
  });
}

export interface AuditRow {
  actor: string;
  action: string;
  entity: string;
  entityId: string;
  detail: Record<string, unknown>;
  address: string | null;
}

/** The audit log's entries, in order: of the changes (see `changeAudit`), or `all` of them, attempts too. */
export async function auditRows(raw: RawDb, all = false): Promise<AuditRow[]> {
  const rows = all ? await raw.query(`SELECT * FROM "audit_log" ORDER BY "id"`) : await changeAudit(raw);
  return rows.map((r) => ({
    actor: String(r.actor),
    action: String(r.action),
    entity: String(r.entity),
    entityId: String(r.entityId),
    detail: (typeof r.detail === "string" ? JSON.parse(r.detail) : r.detail) as Record<string, unknown>,
    address: r.address == null ? null : String(r.address),
  }));
}

export const byId = <T extends { id: string }>(xs: readonly T[]) => [...xs].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

/** Replace every unit, order and event with these (no import batch: the rows the property tests score). */
export async function replaceRecords(raw: RawDb, data: { units: readonly Unit[]; orders: readonly Order[]; events: readonly HotlineEvent[] }): Promise<void> {
  await raw.transaction(async () => {
    await raw.execute(`DELETE FROM "orders"`);
    await raw.execute(`DELETE FROM "events"`);
    await raw.execute(`DELETE FROM "facts"`);
    await raw.execute(`DELETE FROM "units"`);
    // written exactly as the importer writes them (same columns, same value forms)
    const now = raw.timestamp(new Date());
    await ensureCategories(
      raw,
      data.units.map((u) => u.category),
      { actor: "test" },
      null,
    );
    await raw.insertMany(
      "units",
      [...unitSpec.columns, "updatedAt"],
      data.units.map((u) => [...unitSpec.toRow(u, raw.provider), now]),
    );
    await raw.insertMany(
      "orders",
      [...orderSpec.columns, "updatedAt"],
      data.orders.map((o) => [...orderSpec.toRow(o, raw.provider), 0]),
    );
    await raw.insertMany(
      "events",
      [...eventSpec.columns, "updatedAt"],
      data.events.map((e) => [...eventSpec.toRow(e, raw.provider), 0]),
    );
  });
}
