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
import { createHash } from "node:crypto";
import { type FileReport, param, type Store } from "@kaohe/db";
import { type CompiledRubric, monthsOf, unitAssessedIn } from "@kaohe/rules-engine";
import { addMonths, isMonth, isYear, periodLabel, shanghaiMonth } from "@kaohe/time";
import type { ImportWarning } from "./import-warnings.ts";
import { reproducePublication } from "./publication.ts";
import { compileVersion, getRubricVersion, versionInForce } from "./rubrics.ts";
import { asksForExplanation } from "./sanction-causes.ts";
import { dataHash, sameData, scorePeriod } from "./scores.ts";

/**
 * The settings row keeping, for a period, the publication an import last told of and the data's fingerprint then (one
 * row a period, not one a publication: a superseded publication leaves none behind): a later import
 * that finds the same fingerprint did not change what the period reads (an earlier one did, and was told of), so it
 * does not tell of it again (every import of November had told of October, changed by an import weeks before).
 */
const toldKey = (period: string) => `${TOLD_PREFIX}${period}`;
/** Undoing an import forgets them all: the same change imported again is this import's, and told of again. */
export const TOLD_PREFIX = "publishedChangedTold:";

/**
 * The months (YYYY-MM) a file's written rows fall in and those beside them, with their years: where a publication may
 * have changed. `own`: the months and years its rows fall in themselves (a file of November rows told of October as
 * its own change, a data review: a neighbour is told of under the file only when no file of the import has rows in it).
 */
async function periodsWritten(store: Store, file: FileReport): Promise<{ near: string[]; own: string[] }> {
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
    const periods = [...new Set(rows.map((r) => r.month ?? String(r.year)))];
    return { near: periods, own: periods };
  }
  // a rubric's month need not be the calendar's (window month from day 26: an order of 27 February is March's), nor
  // its year: the months on either side are asked too, and a publication's own fingerprint says whether it changed
  const near = months.flatMap((m) => [addMonths(m, -1), m, addMonths(m, 1)]);
  return { near: [...new Set([...near, ...near.map((m) => m.slice(0, 4))])], own: [...new Set([...months, ...months.map((m) => m.slice(0, 4))])] };
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
  const ownFile = new Map<string, string>();
  // a unit added, renamed or moved to another category changes every period it is assessed in: every publication is asked
  let unitsFile: string | null = null;
  for (const f of files) {
    if (f.batchId === null || f.inserted + f.updated === 0) continue;
    if (f.kind === "units") unitsFile ??= f.file;
    if (!["orders", "events", "facts"].includes(f.kind)) continue;
    const { near, own } = await periodsWritten(store, f);
    for (const period of near) if (!firstFile.has(period)) firstFile.set(period, f.file);
    for (const period of own) if (!ownFile.has(period)) ownFile.set(period, f.file);
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
    const before = (await store.prisma.setting.findUnique({ where: { key } }))?.value ?? null;
    if (before?.startsWith(`${p.id}|${now}|`) || before === `${p.id}|${now}`) continue;
    const label = periodLabel(p.period);
    const page = isMonth(p.period) ? "月度排名" : "年度考核";
    const file = ownFile.get(p.period) ?? firstFile.get(p.period) ?? (unitsFile as string);
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
    // told, with what publishing it again would change then: an import whose rows are of the months beside it only, that
    // changes the data the period reads (a rubric reading orders of any month) and not its results against the
    // publication, is not told again (a file of November rows told the center October had changed, changed by an import
    // before: a data review); rows of the period itself, or a unit's months, are told of (a quarter's unit moved)
    const results = differences === null ? "?" : createHash("sha256").update(JSON.stringify(differences)).digest("hex").slice(0, 16);
    const told = `${p.id}|${now}|${results}`;
    await store.prisma.setting.upsert({ where: { key }, create: { key, value: told, updatedBy: actor }, update: { value: told, updatedBy: actor } });
    const toldBefore = before?.startsWith(`${p.id}|`) === true;
    const beside = firstFile.has(p.period) && !ownFile.has(p.period) && unitsFile === null;
    if (beside && toldBefore && results !== "?" && before?.endsWith(`|${results}`)) continue;
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
      zh: `${label}的考核结果已发布，其数据现与发布时不同${toldBefore ? "（此前的导入已使其与发布时不同，本次导入又改变了它读取的数据）" : ""}${differences ? `，按当前数据有 ${differences.length} 个单位的得分或名次会变` : ""}：发布结果不随导入改变；如属更正，请在“${page}”页预览差异并填写原因后重新发布`,
      en: `${p.period} is published and its data now differs from what was published${differences ? ` (${differences.length} units' score or rank would change)` : ""}: the publication stays as it was; re-publish from the ${isMonth(p.period) ? "ranking" : "year"} page if this is a correction`,
    });
  }
  return warnings;
}

/** A month open to the units (预览, 公示) as it stood before an import: each unit's score and rank, and who owed a 书面说明. */
export interface OpenedMonth {
  period: string;
  stageLabel: string;
  units: Map<string, { name: string; score: number | null; rank: number | null; owes: boolean }>;
}

/**
 * A month's standing, as the units now see it (scored under the version in force, as their pages are; who owes a 书面说明
 * read from the same scoring). Remembered while the data stays as it is: the standing before an import is mostly the
 * one the import before left (each import scored the open months twice over, seconds on a million orders: a review).
 */
async function standing(store: Store, period: string): Promise<OpenedMonth["units"]> {
  const version = await versionInForce(store, period);
  return store.raw.remember(`standing|${period}|${version.id}`, async () => {
    const result = await scorePeriod(store, compileVersion(version), period, { evidence: false });
    return new Map(result.units.map((u) => [u.unit.code, { name: u.unit.name, score: u.published, rank: u.rank, owes: u.sanctions.some(asksForExplanation) }]));
  });
}

/**
 * Could the files have changed what `period` reads? A units, facts or calendar file may change any month; orders and
 * events those of their own months and the months beside them (a year's, of its months) (a rubric reads last month's records, or an order by
 * when it was closed). Another month's file leaves an open month unscored.
 */
function touches(files: readonly FileReport[], period: string): boolean {
  // a year (opened to the units for its year-end result): its months and those beside them
  const months = isYear(period) ? monthsOf(Number(period)) : [period];
  const near = new Set([period, ...months.flatMap((m) => [addMonths(m, -1), m, addMonths(m, 1)])]);
  return files.some((f) =>
    f.kind === "orders"
      ? f.contents.orderMonths.some((o) => near.has(o.month))
      : f.kind === "events"
        ? f.contents.values.some((v) => near.has(v.period))
        : true,
  );
}

/**
 * The months open to the units before an import (one or two: the month being assessed), scored: a month the units
 * already look at, whose objection and 书面说明 deadlines run, changed by a re-import without a word to the center (a
 * published month was told of, an opened one not: a data review). Scored before and after only while a month is open.
 */
export async function openedMonths(store: Store): Promise<OpenedMonth[]> {
  const cycles = await store.prisma.assessmentCycle.findMany({ where: { stage: { in: ["preview", "notice"] } }, orderBy: { period: "asc" } });
  const months: OpenedMonth[] = [];
  for (const c of cycles) {
    const units = await standing(store, c.period).catch(() => null);
    if (units) months.push({ period: c.period, stageLabel: c.stage === "notice" ? "公示" : "预览", units });
  }
  return months;
}

/** Units listed by name in an opened month's warning (the count is exact). */
const OPENED_LISTED = 5;

/** A warning for each month open to the units whose units' score, rank or 书面说明 duty the import changed. */
export async function openedChangedWarnings(store: Store, before: readonly OpenedMonth[], files: readonly FileReport[]): Promise<ImportWarning[]> {
  const written = files.filter((f) => f.batchId !== null && f.inserted + f.updated > 0);
  if (before.length === 0 || written.length === 0) return [];
  const warnings: ImportWarning[] = [];
  for (const m of before) {
    if (!touches(written, m.period)) continue;
    const now = await standing(store, m.period).catch(() => null);
    if (!now) continue;
    const changed: string[] = [];
    for (const code of new Set([...m.units.keys(), ...now.keys()])) {
      const a = m.units.get(code);
      const b = now.get(code);
      const said: string[] = [];
      if (a?.score !== b?.score) said.push(`得分 ${a?.score ?? "无"} → ${b?.score ?? "无"}`);
      if (a?.rank !== b?.rank) said.push(`名次 ${a?.rank ?? "无"} → ${b?.rank ?? "无"}`);
      if ((a?.owes ?? false) !== (b?.owes ?? false)) said.push(b?.owes ? "现须书面说明" : "现不再须书面说明");
      if (said.length > 0) changed.push(`${(b ?? a)?.name ?? code}（${said.join("，")}）`);
    }
    if (changed.length === 0) continue;
    // under the file whose rows fall in the month, else the first that wrote anything
    const own = written.find((f) => f.kind === "orders" && f.contents.orderMonths.some((o) => o.month === m.period));
    const file = (own ?? (written[0] as FileReport)).file;
    const label = periodLabel(m.period);
    warnings.push({
      code: "opened-changed",
      file,
      count: changed.length,
      rows: [],
      zh:
        `${label}已向各单位开放（${m.stageLabel}，异议${isYear(m.period) ? "" : "与书面说明"}期限在进行中），本次导入改变了 ${changed.length} 个单位的结果：` +
        `${changed.slice(0, OPENED_LISTED).join("、")}${changed.length > OPENED_LISTED ? " 等" : ""}。各单位看到的已是当前结果：如属更正，请告知有关单位；如导入有误，可在“数据”页的导入记录中撤销本次导入`,
      en: `${m.period} is open to the units (${m.stageLabel}) and this import changed ${changed.length} unit(s)' score, rank or explanation duty`,
    });
  }
  return warnings;
}
