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

export async function listCategories(store: Store): Promise<{ category: string; units: number }[]> {
  const groups = await store.prisma.unit.groupBy({ by: ["category"], _count: { _all: true } });
  return groups.map((g) => ({ category: g.category, units: g._count._all })).sort((a, b) => categoryOrder(a.category, b.category));
}

/** The unit with this code; undefined when there is none. */
export async function findUnit(store: Store, code: string): Promise<UnitSummary | undefined> {
  return (await store.prisma.unit.findUnique({ where: { code }, select: unitSelect })) ?? undefined;
}
