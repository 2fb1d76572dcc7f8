/**
 * After an import: the published periods whose data it changed. A publication is frozen (it does not follow the
 * data), so the import stands and the center is told which published months and years now differ from what was
 * published, to look at the differences and re-publish if a correction is meant (办法六: a changed result is
 * re-published with the reason). Found from the months the import's orders fall in (tallied as it read them) and
 * the dates and years of the events and facts it wrote (every published period, when it added or changed a unit), then
 * one fingerprint per published period among them; a period
 * whose fingerprint changed is scored again as it was published, to tell whether any unit's score or rank would change
 * (`published-changed`) or none would (`published-data-changed`: told, nothing to re-publish).
 */
import { type FileReport, param, type Store } from "@kaohe/db";
import { type CompiledRubric, unitAssessedIn } from "@kaohe/rules-engine";
import { addMonths, isMonth, periodLabel, shanghaiMonth } from "@kaohe/time";
import type { ImportWarning } from "./import-warnings.ts";
import { reproducePublication } from "./publication.ts";
import { compileVersion, getRubricVersion } from "./rubrics.ts";
import { dataHash, sameData } from "./scores.ts";

/**
 * The settings row keeping, for a period, the publication an import last told of and the data's fingerprint then (one
 * row a period, not one a publication: a superseded publication leaves none behind): a later import
 * that finds the same fingerprint did not change what the period reads (an earlier one did, and was told of), so it
 * does not tell of it again (every import of November had told of October, changed by an import weeks before).
 */
const toldKey = (period: string) => `${TOLD_PREFIX}${period}`;
/** Undoing an import forgets them all: the same change imported again is this import's, and told of again. */
export const TOLD_PREFIX = "publishedChangedTold:";

/** The months (YYYY-MM) a file's written rows fall in and those beside them, with their years: where a publication may have changed. */
async function periodsWritten(store: Store, file: FileReport): Promise<string[]> {
  const { raw } = store;
  const batch = file.batchId as number;
  const span = async (table: string, column: string): Promise<string[]> => {
    const [row] = await raw.query<{ lo: number | null; hi: number | null }>(
      `SELECT MIN("${column}") AS "lo", MAX("${column}") AS "hi" FROM "${table}" WHERE "batchId" = ${param(raw.provider, 1)}`,
      [batch],
    );
    if (row?.lo == null || row.hi == null) return [];
    const months: string[] = [];
    const last = shanghaiMonth(Number(row.hi));
    for (let m = shanghaiMonth(Number(row.lo)); m <= last && months.length < 240; m = addMonths(m, 1)) months.push(m);
    return months;
  };
  let months: string[] = [];
  // the orders' months were tallied while the file was read (a million orders' table is not scanned again)
  if (file.kind === "orders") months = file.contents.orderMonths.map((m) => m.month);
  else if (file.kind === "events") months = await span("events", "date");
  else if (file.kind === "facts") {
    const rows = await raw.query<{ year: number; month: string | null }>(
      `SELECT DISTINCT "year", "month" FROM "facts" WHERE "batchId" = ${param(raw.provider, 1)}`,
      [batch],
    );
    return [...new Set(rows.map((r) => r.month ?? String(r.year)))];
  }
  // a rubric's month need not be the calendar's (window month from day 26: an order of 27 February is March's), nor
  // its year: the months on either side are asked too, and a publication's own fingerprint says whether it changed
  const near = months.flatMap((m) => [addMonths(m, -1), m, addMonths(m, 1)]);
  return [...new Set([...near, ...near.map((m) => m.slice(0, 4))])];
}

/** A unit as a period's assessment reads it: its category and the months it is assessed in. */
type UnitState = { category: string; fromMonth: string | null; untilMonth: string | null };

/** The units the import's units files added or changed, as each was before (when it was) and as it is now. */
async function changedUnitStates(store: Store, files: readonly FileReport[]): Promise<UnitState[]> {
  const batches = files.filter((f) => f.kind === "units" && f.batchId !== null).map((f) => f.batchId as number);
  const states: UnitState[] = [];
  const state = (u: Record<string, unknown>): UnitState => ({
    category: String(u.category),
    fromMonth: typeof u.fromMonth === "string" ? u.fromMonth : null,
    untilMonth: typeof u.untilMonth === "string" ? u.untilMonth : null,
  });
  for (const batch of batches) {
    const changes = await store.raw.query<{ recordKey: string; before: unknown }>(
      `SELECT "recordKey", "before" FROM "import_changes" WHERE "batchId" = ${param(store.raw.provider, 1)} AND "entity" = 'units'`,
      [batch],
    );
    for (const c of changes) {
      const before = typeof c.before === "string" ? (JSON.parse(c.before) as unknown) : c.before;
      if (before && typeof before === "object") states.push(state(before as Record<string, unknown>));
    }
    const now = await store.raw.query<Record<string, unknown>>(
      `SELECT u."category", u."fromMonth", u."untilMonth" FROM "units" u JOIN "import_changes" c ON c."recordKey" = u."code"
       WHERE c."batchId" = ${param(store.raw.provider, 1)} AND c."entity" = 'units'`,
      [batch],
    );
    states.push(...now.map(state));
  }
  return states;
}

/** A warning for each published month or year whose data now differs from what it was published from, after an import changed some. */
export async function publishedChangedWarnings(store: Store, files: readonly FileReport[], actor: string): Promise<ImportWarning[]> {
  const firstFile = new Map<string, string>();
  // a unit added, renamed or moved to another category changes every period it is assessed in: every publication is asked
  let unitsFile: string | null = null;
  for (const f of files) {
    if (f.batchId === null || f.inserted + f.updated === 0) continue;
    if (f.kind === "units") unitsFile ??= f.file;
    if (!["orders", "events", "facts"].includes(f.kind)) continue;
    for (const period of await periodsWritten(store, f)) if (!firstFile.has(period)) firstFile.set(period, f.file);
  }
  if (firstFile.size === 0 && unitsFile === null) return [];
  const unitStates = unitsFile === null ? [] : await changedUnitStates(store, files);
  const publications = await store.prisma.publishedResult.findMany({
    where: { ...(unitsFile === null ? { period: { in: [...firstFile.keys()] } } : {}), supersededAt: null },
    select: { id: true, period: true, rubricVersionId: true, dataHash: true },
    orderBy: { period: "asc" },
  });
  const warnings: ImportWarning[] = [];
  // the months of a year are mostly published under one version: compiled once
  const rubrics = new Map<number, CompiledRubric>();
  for (const p of publications) {
    let rubric = rubrics.get(p.rubricVersionId);
    if (!rubric) {
      rubric = compileVersion(await getRubricVersion(store, p.rubricVersionId));
      rubrics.set(p.rubricVersionId, rubric);
    }
    // a period only the units file may have changed, none of whose units, as they were or are now, its ranking assesses
    // (a unit joining next March, one of a category the rubric does not rank; a quarter's months for a quarterly
    // ranking, as the ranking reads them): not told of (a helper's import of such a
    // unit was told to have changed October's data, scores the same: noise that teaches to overlook the notice)
    if (!firstFile.has(p.period) && !unitStates.some((u) => unitAssessedIn(rubric, u, p.period))) continue;
    // by period (one row each, whatever its publications), holding the publication told of and the fingerprint
    const key = toldKey(p.period);
    if (await sameData(store, rubric, p.period, p.dataHash)) {
      // as published again (a correction undone): a change from here on is told of
      await store.prisma.setting.deleteMany({ where: { key } });
      continue;
    }
    // told of after an earlier import, and the data the period reads is as it was then: not this import's change
    const now = await dataHash(store, rubric, p.period);
    const told = `${p.id}|${now}`;
    if ((await store.prisma.setting.findUnique({ where: { key } }))?.value === told) continue;
    await store.prisma.setting.upsert({ where: { key }, create: { key, value: told, updatedBy: actor }, update: { value: told, updatedBy: actor } });
    const label = periodLabel(p.period);
    const page = isMonth(p.period) ? "月度排名" : "年度考核";
    const file = firstFile.get(p.period) ?? (unitsFile as string);
    // its data changed; whether publishing it again would change anything: scored again as it was published (its
    // version, its data as of then), unit by unit (a new event of a type the rubric does not count changes nothing).
    // That is not the import: should it fail (logged), the period is told of as changed, without the count
    const differences = await reproducePublication(store, p.id).then(
      (r) => r.differences,
      (err: unknown) => {
        console.error(`[kaohe] 导入后重算已发布的 ${p.period} 失败 / scoring published ${p.period} again after an import failed:`, err);
        return null;
      },
    );
    if (differences?.length === 0) {
      warnings.push({
        code: "published-data-changed",
        file,
        count: 1,
        rows: [],
        zh: `${label}的考核结果已发布，本次导入改变了它读取的数据，但按当前数据各单位的得分与名次都不变，无需重新发布`,
        en: `${p.period} is published and this import changed the data it reads, but no unit's score or rank changes: nothing to re-publish`,
      });
      continue;
    }
    warnings.push({
      code: "published-changed",
      file,
      count: 1,
      rows: [],
      zh: `${label}的考核结果已发布，其数据现与发布时不同${differences ? `，按当前数据有 ${differences.length} 个单位的得分或名次会变` : ""}：发布结果不随导入改变；如属更正，请在“${page}”页预览差异并填写原因后重新发布`,
      en: `${p.period} is published and its data now differs from what was published${differences ? ` (${differences.length} units' score or rank would change)` : ""}: the publication stays as it was; re-publish from the ${isMonth(p.period) ? "ranking" : "year"} page if this is a correction`,
    });
  }
  return warnings;
}
