/** The units being assessed, as stored by the last import. */

import type { Store } from "@kaohe/db";
import { compileVersion } from "./rubrics.ts";
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
export async function listCategories(store: Store): Promise<{ category: string; units: number; label: string | null }[]> {
  const categories = await store.prisma.category.findMany({
    orderBy: [{ position: "asc" }, { name: "asc" }],
    include: { _count: { select: { units: true } } },
  });
  // as the newest published rubric calls them (城区街道办事处 for 街道, as its bulletin does: the console's tabs said
  // 街道 beside it, a walk)
  const newest = await store.prisma.rubricVersion.findFirst({
    where: { status: "published" },
    orderBy: [{ effectiveFrom: "desc" }, { publishedAt: "desc" }],
    select: { text: true, name: true, version: true },
  });
  const labels = newest ? categoryLabels(newest) : new Map<string, string>();
  return categories.filter((c) => c._count.units > 0).map((c) => ({ category: c.name, units: c._count.units, label: labels.get(c.name) ?? null }));
}

/** A rubric version's categories by name, as its `category 街道 "城区街道办事处"` labels them (none when it does not compile). */
function categoryLabels(v: { text: string; name: string; version: string }): Map<string, string> {
  try {
    return new Map(compileVersion(v).categories.flatMap((c) => (c.label && c.label !== c.name ? [[c.name, c.label] as const] : [])));
  } catch {
    return new Map();
  }
}

/** The unit with this code; undefined when there is none. */
export async function findUnit(store: Store, code: string): Promise<UnitSummary | undefined> {
  return (await store.prisma.unit.findUnique({ where: { code }, select: unitSelect })) ?? undefined;
}

/** The categories' labels of a stored rubric version (a month's report names its sheets' rankings as the bulletin does). */
export async function categoryLabelsOf(store: Store, versionId: number): Promise<Map<string, string>> {
  const v = await store.prisma.rubricVersion.findUnique({ where: { id: versionId }, select: { text: true, name: true, version: true } });
  return v ? categoryLabels(v) : new Map();
}
