/** The units being assessed, as stored by the last import. */

import { UNIT_CATEGORIES } from "@kaohe/data";
import type { Store } from "@kaohe/db";
import type { UnitSelect } from "./select.ts";

const unitSelect = { code: true, name: true, category: true } as const satisfies UnitSelect;

export interface UnitSummary {
  code: string;
  name: string;
  category: string;
}

/** The customary categories first (镇, 街道, 县直部门), any others after, by name. */
function categoryOrder(a: string, b: string): number {
  const ia = UNIT_CATEGORIES.indexOf(a);
  const ib = UNIT_CATEGORIES.indexOf(b);
  if (ia !== ib) return (ia === -1 ? Number.MAX_SAFE_INTEGER : ia) - (ib === -1 ? Number.MAX_SAFE_INTEGER : ib);
  return a.localeCompare(b, "zh-CN");
}

export async function listUnits(store: Store): Promise<UnitSummary[]> {
  const units = await store.prisma.unit.findMany({ select: unitSelect, orderBy: { code: "asc" } });
  return units.sort((a, b) => categoryOrder(a.category, b.category) || a.code.localeCompare(b.code));
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
