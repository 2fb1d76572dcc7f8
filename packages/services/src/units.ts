/** The units being assessed, as stored by the last import. */

import type { Store } from "@kaohe/db";
import type { UnitSelect } from "./select.ts";

const unitSelect = { code: true, name: true, category: true, fromMonth: true, untilMonth: true } as const satisfies UnitSelect;

export interface UnitSummary {
  code: string;
  name: string;
  category: string;
  /** the first and the last month the unit is assessed in (起始月份, 截止月份); null: no limit */
  fromMonth: string | null;
  untilMonth: string | null;
}

/** Every unit, by its category's stored position (the customary 镇, 街道, 县直部门 first), then by code. */
export async function listUnits(store: Store): Promise<UnitSummary[]> {
  return store.prisma.unit.findMany({ select: unitSelect, orderBy: [{ categoryRef: { position: "asc" } }, { code: "asc" }] });
}

/** The categories that have units, in their stored order (the customary three first), with their number of units. */
export async function listCategories(store: Store): Promise<{ category: string; units: number }[]> {
  const categories = await store.prisma.category.findMany({
    orderBy: [{ position: "asc" }, { name: "asc" }],
    include: { _count: { select: { units: true } } },
  });
  return categories.filter((c) => c._count.units > 0).map((c) => ({ category: c.name, units: c._count.units }));
}

/** The unit with this code; undefined when there is none. */
export async function findUnit(store: Store, code: string): Promise<UnitSummary | undefined> {
  return (await store.prisma.unit.findUnique({ where: { code }, select: unitSelect })) ?? undefined;
}
