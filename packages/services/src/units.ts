/** The units being assessed, as stored by the last import. */

import { columnKey, createUnitResolver, unitsGivingAlias } from "@kaohe/data";
import type { Store } from "@kaohe/db";
import { compileVersion } from "./rubrics.ts";
import { loadUnits } from "./scores.ts";
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

/** A unit found by what a person wrote: `by` says whether it was its code, its name or another name (别名, 简称) of it. */
export interface NamedUnit {
  code: string;
  name: string;
  by: "code" | "name" | "alias";
}

/**
 * Why no unit was found: there are none yet (`units`: 0), or none is called so — with the units it may have meant —
 * or the name is an alias of more than one (`shared`: data stored before imports refused such a units file).
 */
export interface UnitNotFound {
  units: number;
  resembling: { code: string; name: string }[];
  shared?: true;
}

/**
 * The unit a person names by its code, its name or an alias of it (the units file's 别名 or 简称 column), found as an
 * import finds an order's unit (createUnitResolver): full-width and half-width alike, spaces aside, a code in any
 * letter case. When there is none, the units it looks like (县环保局 of 县环境保护局; a name with more or less to it).
 */
export async function findUnitNamed(store: Store, text: string): Promise<{ unit: NamedUnit } | { notFound: UnitNotFound }> {
  // as scoring and the import read them (their aliases among the attributes)
  const units = await loadUnits(store);
  const resolve = createUnitResolver(units);
  const code = resolve(text);
  const found = code === undefined ? undefined : units.find((u) => u.code === code);
  if (found) {
    const key = columnKey(text);
    const by = key.toLowerCase() === columnKey(found.code).toLowerCase() ? "code" : key === columnKey(found.name) ? "name" : "alias";
    return { unit: { code: found.code, name: found.name, by } };
  }
  // an alias two units give: those units, to be told apart by their codes (the resolver stands for neither)
  const sharing = unitsGivingAlias(units, text);
  if (sharing.length > 1) return { notFound: { units: units.length, resembling: sharing.map((u) => ({ code: u.code, name: u.name })), shared: true } };
  // the importer's guess first (an abbreviation, a name with a place before it), then the names that hold what was
  // written or are held in it (as `kaohe explain --unit` suggests)
  const resembling = new Map<string, { code: string; name: string }>();
  const like = resolve.resembling?.(text);
  if (like) resembling.set(like.code, like);
  const key = columnKey(text);
  if ([...key].length >= 2) {
    for (const u of units) if (columnKey(u.name).includes(key) || key.includes(columnKey(u.name))) resembling.set(u.code, { code: u.code, name: u.name });
  }
  return { notFound: { units: units.length, resembling: [...resembling.values()].slice(0, 5) } };
}
