/**
 * Scoring from the store: units and facts read through Prisma, measures
 * pushed down to SQL. Results are the engine's, identical to scoring the
 * same data from files.
 */
import { createHash, type Hash } from "node:crypto";
import type { Fact, Unit } from "@kaohe/data";
import type { Provider, Store } from "@kaohe/db";
import { AppError, ErrorCodes, param, RECORD_ORDER, type Row, SqlMeasureSource, sqlTarget, storedRowDigest, unitSpec } from "@kaohe/db";
import { childrenOf, type Expr, type SymbolTable } from "@kaohe/rules-dsl";
import {
  type AssessmentResult,
  addMonths,
  asOfText,
  type CompiledRubric,
  diffResults,
  factsReadBy,
  isWarningMeasure,
  type MonthResults,
  monthStart,
  monthsOf,
  monthWithoutData,
  type PeriodWarning,
  periodWindow,
  planUsesWorkdays,
  previousMonthOf,
  previousUse,
  type RecordKind,
  type RubricDiff,
  recordExprSql,
  type ScoreOptions,
  type ScoringData,
  type SqlContext,
  scoreMonth,
  scoreYear,
  type Window,
  windowFor,
  yearWithoutData,
} from "@kaohe/rules-engine";
import { formatShanghai, isYear, periodLabel, shanghaiMonth, shanghaiYear } from "@kaohe/time";

export async function loadUnits(store: Store): Promise<Unit[]> {
  // read back as an import reads a stored unit (unitSpec), the months only where it has them
  return (await store.raw.query(`SELECT * FROM "units" ORDER BY "code"`)).map(unitSpec.fromStored);
}

export async function loadFacts(store: Store): Promise<Fact[]> {
  const rows = await store.prisma.fact.findMany();
  return rows.map((f) => {
    const fact: Fact = { unit: f.unit, year: f.year, item: f.item, value: f.value === "是" ? true : f.value === "否" ? false : Number(f.value) };
    if (f.month !== null) fact.month = f.month;
    return fact;
  });
}

export async function scoringData(store: Store): Promise<ScoringData> {
  return { units: await loadUnits(store), facts: await loadFacts(store), source: new SqlMeasureSource(store.raw) };
}

export { isYear };

export function assertPeriod(period: string): void {
  if (!/^\d{4}(-(0[1-9]|1[0-2]))?$/.test(period)) {
    throw new AppError(ErrorCodes.BadInput, `考核期应写成 2017-10（月）或 2017（年），而不是“${period}”`, `a period is YYYY-MM or YYYY, got ${period}`);
  }
}

/**
 * Score a month or a year with a compiled rubric. `dataCutoff: false`: without the data's-end warning
 * (`data-before-as-of`), for a caller that reads no warning (a yearly checklist beside the year-end result, the months a
 * year counts): a year's is a pass over each counted month's orders, run for each checklist and thrown away.
 */
export async function scorePeriod(
  store: Store,
  rubric: CompiledRubric,
  period: string,
  { dataCutoff = true, ...options }: ScoreOptions & { dataCutoff?: boolean } = {},
): Promise<AssessmentResult> {
  assertPeriod(period);
  const data = await scoringData(store);
  if (isYear(period)) {
    // the months it averages kept while the data stays the same: the year page's sanctions column and the year's table
    // read them next (monthsScored), and the year page's second request scores the year again
    const scope = scoringScope(rubric, data);
    const year = await scoreYear(rubric, data, Number(period), { ...options, monthResults: rememberedMonths(store, scope) });
    // and the months it counts, for those that read only them (yearMonthsCounted): its main ranking's, at its own time
    if (options.asOf === undefined && !options.preview && options.assessment === undefined)
      await store.raw.remember(countedMonthsKey(scope, period), async () => Object.freeze([...year.months]));
    // the months it averages are each assessed at their own time (December's at the end of January): a year closed in
    // early January averaged December's orders still due in January as overdue, and said nothing (a walk)
    const stale = dataCutoff ? await yearDataBeforeAsOf(store, rubric, year) : null;
    if (stale) year.warnings.push(stale);
    return year;
  }
  const result = await scoreMonth(rubric, data, period, options);
  const stale = dataCutoff ? await dataBeforeAsOf(store, result) : null;
  if (stale) result.warnings.push(stale);
  return result;
}

/** What is refused of a month without data, in its refusal's words (`assertPeriodHasData`). */
const NO_DATA_REFUSES = {
  publish: { zh: "不能发布", en: "it cannot be published" },
  open: { zh: "不能向各单位开放", en: "it cannot be opened to the units" },
  export: { zh: "没有可导出的报表", en: "it has no report to export" },
  bulletin: { zh: "不能生成《投诉动态》", en: "it has no bulletin" },
  yearBulletin: { zh: "不能生成年度考核结果通报", en: "it has no bulletin" },
} as const;

/**
 * A month without data (`monthWithoutData`: no unit has an order in it) is not scored, ranked nor counted in its year:
 * it is not published (not even confirmed: `confirmEmpty` is for a year without orders the measures read or counting no
 * month while some month has data, and for a month whose orders the measures cannot read — a rubric counting by close
 * time, none closed in it), opened to the units, reported nor bulletined. A month whose orders the rubric's populations
 * all leave out (诉求类型 = "头诉") has data: it is scored under the `empty-population` warning and publishes as any
 * month. A year none of whose months has data (`yearWithoutData`) is refused alike: every unit at full marks, tied
 * first (a new county's first run showed 2026 so, publishable on a confirmation). The console disables these for it;
 * called through the API they are refused here, saying which period, why and which file to import, and nothing changes.
 * `result`: the period scored under `rubric` (its main assessment), when the caller has it.
 */
export async function assertPeriodHasData(
  store: Store,
  rubric: CompiledRubric,
  period: string,
  refused: keyof typeof NO_DATA_REFUSES,
  result?: AssessmentResult,
): Promise<void> {
  const scored = result ?? (await scorePeriod(store, rubric, period, { evidence: false, dataCutoff: false }));
  const year = isYear(period);
  if (!(await periodWithoutData(store, rubric, period, scored))) return;
  const { zh, en } = NO_DATA_REFUSES[refused];
  const [y, m = "1"] = period.split("-");
  throw new AppError(
    ErrorCodes.Conflict,
    `${periodLabel(period)}无数据：没有一个单位有${year ? "本年" : "本月"}受理的工单，不计分、不排名，${zh}。` +
      `请先在“数据”页导入${year ? "本年各月" : "本月"}的工单文件（文件名以“工单”或 orders 开头，如“工单${y}年${Number(m)}月.xlsx”）`,
    `${period} has no data (no unit has an order in ${year ? "any of its months" : "it"}): ${en}; import its orders first`,
    { noData: true, period },
  );
}

/**
 * Is the period one without data: a month no unit has an order in (`monthWithoutData`), or a year none of whose months
 * has any (`yearWithoutData`)? `result`: the period scored under `rubric` (its main assessment).
 */
export async function periodWithoutData(store: Store, rubric: CompiledRubric, period: string, result: AssessmentResult): Promise<boolean> {
  const data = () => scoringData(store);
  const monthEmpty = async (m: string) => monthWithoutData(rubric, data, m, await scorePeriod(store, rubric, m, { evidence: false, dataCutoff: false }));
  return isYear(period) ? yearWithoutData(rubric, period, result, monthEmpty) : monthWithoutData(rubric, data, period, result);
}

/**
 * Each month's ranked result without evidence, as `scorePeriod` gives it but with no warning of the data's end: the
 * months a year counts, read for its sanctions (year-sanctions.ts) and its table. Those the year's scoring scored are
 * taken as it kept them while the data stays the same (`rememberedMonths`): a year page scored its twelve months once
 * for the year, again for the year's months in its sanctions column's request, and a third time for the column itself.
 * The results are shared: the caller must not change them.
 */
export async function monthsScored(store: Store, rubric: CompiledRubric, months: readonly string[]): Promise<Map<string, AssessmentResult>> {
  for (const m of months) assertPeriod(m);
  const data = await scoringData(store);
  const monthResults = rememberedMonths(store, scoringScope(rubric, data));
  const scored = new Map<string, AssessmentResult>();
  for (const m of months) scored.set(m, await scoreMonth(rubric, data, m, { evidence: false, monthResults }));
  return scored;
}

/**
 * What a kept result of the scoring is kept under, beside its own key: this rubric and the units and facts read for it
 * (in any order: PostgreSQL reads them in none). Those are read before the scoring, and a write between the two would
 * keep a month scored from the units before it under the data after it; the orders and events are read during the
 * scoring (remember.ts keeps a value while they stay the same).
 */
function scoringScope(rubric: CompiledRubric, data: ScoringData): string {
  return createHash("sha256")
    .update(rubric.text)
    .update("\u0000")
    .update(JSON.stringify([data.units, data.facts.map((f) => JSON.stringify(f)).sort()]))
    .digest("hex");
}

/**
 * Months' results kept while the data stays the same (ScoreOptions.monthResults; remember.ts), under the scope the
 * scoring reads (`scoringScope`). Frozen, kept and given (`frozen`).
 */
function rememberedMonths(store: Store, scope: string): MonthResults {
  // frozen as kept, and as given: one another connection offered arrives a copy (remember.ts), not frozen
  return async (key, score) => frozen(await store.raw.remember(`month-result\u0000${scope}\u0000${key}`, async () => frozen(await score()), resultBytes));
}

/** The key the months a year counts are kept under (`yearMonthsCounted`). */
const countedMonthsKey = (scope: string, year: string) => `year-months\u0000${scope}\u0000${year}`;

/**
 * The months a year's result counts (AssessmentResult.months) under `rubric`, as `scorePeriod` scores the year at its
 * own assessment time: kept by that scoring while the data stays the same, so that a caller reading the months alone
 * (the year page's sanctions column, asked for after the year's table) does not score the whole year again. Shared:
 * the caller must not change it.
 */
export async function yearMonthsCounted(store: Store, rubric: CompiledRubric, year: string): Promise<readonly string[]> {
  assertPeriod(year);
  const data = await scoringData(store);
  const scope = scoringScope(rubric, data);
  // the year scored here (not through scorePeriod, which would wait for this very value)
  return store.raw.remember(countedMonthsKey(scope, year), async () =>
    Object.freeze([...(await scoreYear(rubric, data, Number(year), { evidence: false, monthResults: rememberedMonths(store, scope) })).months]),
  );
}

/**
 * A result kept and shared (a month's, `rememberedMonths`), frozen through: every request reading it gets the same
 * object, and a change made for one reader (a warning pushed, a unit's rows sorted) would be shown to the next, and to
 * the year averaging it, without an error anywhere. Frozen, such a change throws where it is made (modules are
 * strict). Always, not only under tests: about 3 ms for the demo year's 12 months (43,000 objects) once they are
 * scored, beside some 150 to 300 ms scoring them; one frozen already is given as it is.
 */
function frozen<T>(value: T): T {
  if (typeof value !== "object" || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  // by index and by key: Object.values made an array for each of the 43,000 objects, 2 to 9 times as long
  if (Array.isArray(value)) for (let i = 0; i < value.length; i++) frozen(value[i]);
  else for (const key in value) frozen(value[key]);
  return value;
}

/** About the memory a result without evidence holds (remember.ts). */
const resultBytes = (r: AssessmentResult) => 1024 + r.units.reduce((n, u) => n + 512 + 384 * u.items.length + 64 * u.warnings.length, 0);

/**
 * Orders of the month open in the data whose deadline (延期至, else 办理时限) falls after the newest data (its latest
 * time, received or closed) and by the assessment time: the engine counts them still open then, overdue, though the
 * data, exported before, cannot tell. December assessed as of the end of January on data exported on 31 December
 * counted 119 orders due in January as overdue, and nothing said why (found by a helper). Null when the data reaches
 * the assessment time. Read from the store; `openPastData` reads the same of orders in memory (the command line's files).
 */
export async function dataBeforeAsOf(
  store: Store,
  result: AssessmentResult,
  onlyUnit?: string,
  reader: DataCutoffReader = "center",
): Promise<PeriodWarning | null> {
  const units = result.units.map((u) => u.unit.code);
  if (units.length === 0) return null;
  const { window, asOf } = result;
  const raw = store.raw;
  const sqlite = raw.provider === "sqlite";
  // a query's parameters in the order they appear in its text (SQLite's are positional)
  const bind = (values: unknown[]) => (value: unknown) => param(raw.provider, values.push(value));
  // the units passed as one array (json_each on SQLite: the orders' key is sought unit by unit)
  const unitList = sqlite ? JSON.stringify(units) : units;
  const ofUnits = (v: (value: unknown) => string) =>
    sqlite ? `"unit" IN (SELECT value FROM json_each(${v(unitList)}))` : `"unit" = ANY(${v(unitList)}::text[])`;
  // the data's last moment is its latest time, received or closed, among the units' orders from the window on (a
  // month's export holds orders received in the month; one closed in the next shows when it was exported — a review
  // found the latest 受理时间 alone warned of data exported after the assessment time). Its latest receipt first, one
  // seek per unit down the orders' key (SQLite) or down the receipt-time index (PostgreSQL): an order received at the
  // assessment time or later (the month after is imported too), and the data reaches it
  const receivedParams: unknown[] = [];
  const r = bind(receivedParams);
  const receivedSql = sqlite
    ? `SELECT MAX((SELECT MAX(o."receivedAt") FROM "orders" AS o WHERE o."unit" = u.value)) AS "received" FROM json_each(${r(unitList)}) AS u`
    : `SELECT MAX("receivedAt") AS "received" FROM "orders" WHERE ${ofUnits(r)}`;
  const received = await raw.remember(`${receivedSql}\u0000${units.join("\u0001")}`, async () => {
    const [row] = await raw.query<{ received: number | null }>(receivedSql, receivedParams);
    return numberOrNull(row?.received);
  });
  if (received === null || received >= asOf) return null;
  // then one pass over the orders from the window on: their latest 办结时间, and the deadline (延期至, else 办理时限) of
  // each order of the month open in the data and due after its latest receipt, by the assessment time: those due after
  // the data's last moment are the ones counted (one unit's, for its explanation; the last moment stays the whole data's)
  const due = `COALESCE("extendedTo", "dueAt")`;
  const scanParams: unknown[] = [];
  const s = bind(scanParams);
  const counted = [
    `"receivedAt" < ${s(window.end)}`,
    `"closedAt" IS NULL`,
    `${due} > ${s(received)}`,
    `${due} <= ${s(asOf)}`,
    ...(onlyUnit === undefined ? [] : [`"unit" = ${s(onlyUnit)}`]),
  ].join(" AND ");
  const dues = sqlite ? `json_group_array(${due}) FILTER (WHERE ${counted})` : `COALESCE(json_agg(${due}) FILTER (WHERE ${counted}), '[]'::json)`;
  const scanSql = `SELECT MAX("closedAt") AS "closed", ${dues} AS "dues" FROM "orders" WHERE ${ofUnits(s)} AND "receivedAt" >= ${s(window.start)}`;
  const scanned = await raw.remember(
    `${scanSql}\u0000${JSON.stringify(scanParams)}`,
    async () => {
      const [row] = await raw.query<{ closed: number | null; dues: string | number[] }>(scanSql, scanParams);
      const list = typeof row?.dues === "string" ? (JSON.parse(row.dues) as number[]) : (row?.dues ?? []);
      return { closed: numberOrNull(row?.closed), dues: list.map(Number) };
    },
    (v) => 64 + 8 * v.dues.length,
  );
  const latest = Math.max(received, scanned.closed ?? Number.NEGATIVE_INFINITY);
  if (latest >= asOf) return null;
  return dataBeforeAsOfWarning(latest, asOf, scanned.dues.filter((d) => d > latest).length, reader);
}

/**
 * A year's `dataBeforeAsOf`: of each month it averages (AssessmentResult.months), whose data ends before that month's
 * assessment time, the orders counted so, the months named. Null when the data reaches every month's assessment time.
 */
export async function yearDataBeforeAsOf(
  store: Store,
  rubric: CompiledRubric,
  result: AssessmentResult,
  onlyUnit?: string,
  reader: DataCutoffReader = "center",
): Promise<PeriodWarning | null> {
  const found: MonthCutoff[] = [];
  for (const month of monthsOfYearResult(rubric, result)) {
    const w = await dataBeforeAsOf(store, { ...result, ...month }, onlyUnit, reader);
    if (w?.code === "data-before-as-of") found.push({ month: month.month, asOf: month.asOf, count: w.count, latest: w.latest });
  }
  return yearCutoffWarning(found, result.asOf, reader);
}

/** The same as `yearDataBeforeAsOf`, of orders in memory (the command line's files). */
export function yearOpenPastData(
  orders: readonly { unit: string; receivedAt: number; dueAt: number; extendedTo: number | null; closedAt: number | null }[],
  rubric: CompiledRubric,
  result: AssessmentResult,
  onlyUnit?: string,
): PeriodWarning | null {
  const found: MonthCutoff[] = [];
  for (const month of monthsOfYearResult(rubric, result)) {
    const w = openPastData(orders, { ...result, ...month }, onlyUnit);
    if (w?.code === "data-before-as-of") found.push({ month: month.month, asOf: month.asOf, count: w.count, latest: w.latest });
  }
  return yearCutoffWarning(found, result.asOf, "center");
}

type MonthCutoff = { month: string; asOf: number; count: number; latest: number };

/**
 * The months a yearly result averages, each with the window and assessment time it was scored with: the ranked monthly
 * assessment's, or the year's own assessment time when one was given for it (the months are then scored at it too).
 */
function monthsOfYearResult(rubric: CompiledRubric, result: AssessmentResult): { month: string; window: Window; asOf: number }[] {
  if (result.assessment.schedule !== "yearly" || result.months.length === 0 || !rubric.ranking.monthly) return [];
  const given = result.asOf !== periodWindow(rubric, result.period, result.assessment.name).asOf;
  return result.months.map((month) => {
    const { window, asOf } = periodWindow(rubric, month);
    return { month, window, asOf: given ? result.asOf : asOf };
  });
}

function yearCutoffWarning(found: readonly MonthCutoff[], asOf: number, reader: DataCutoffReader): PeriodWarning | null {
  if (found.length === 0) return null;
  const latest = Math.max(...found.map((f) => f.latest));
  const count = found.reduce((n, f) => n + f.count, 0);
  return dataBeforeAsOfWarning(
    latest,
    asOf,
    count,
    reader,
    found.map(({ month, asOf, count }) => ({ month, asOf, count })),
  );
}

/** A column's number as a driver gives it (PostgreSQL's may be text), or null. */
const numberOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** The same as `dataBeforeAsOf`, of orders in memory. */
export function openPastData(
  orders: Iterable<{ unit: string; receivedAt: number; dueAt: number; extendedTo: number | null; closedAt: number | null }>,
  result: AssessmentResult,
  onlyUnit?: string,
): PeriodWarning | null {
  const units = new Set(result.units.map((u) => u.unit.code));
  const { window, asOf } = result;
  let latest = Number.NEGATIVE_INFINITY;
  const open: number[] = [];
  for (const o of orders) {
    if (!units.has(o.unit) || o.receivedAt < window.start) continue;
    latest = Math.max(latest, o.receivedAt, o.closedAt ?? Number.NEGATIVE_INFINITY);
    const due = o.extendedTo ?? o.dueAt;
    if (o.receivedAt < window.end && o.closedAt === null && due <= asOf && (onlyUnit === undefined || o.unit === onlyUnit)) open.push(due);
  }
  if (!Number.isFinite(latest) || latest >= asOf) return null;
  return dataBeforeAsOfWarning(latest, asOf, open.filter((due) => due > latest).length);
}

/**
 * Who reads the data's end, and so what they are told to do about it: the center imports later data; a unit can only
 * object, with what shows an order closed on time; a 只读 leader is told the ranking may change (told to import and
 * publish, they read an instruction meant for the center: a walk). `unitClosed`: a unit whose period takes no more
 * objections (published, or past the deadline), `readerPublished`: a leader reading a published period (a published
 * month still sent the unit to 说明与异议 to object, which refuses it, and told a leader 发布前结果可能变化: a walk).
 */
export type DataCutoffReader = "center" | "unit" | "unitClosed" | "reader" | "readerPublished";

const CUTOFF_TODO: Record<DataCutoffReader, string> = {
  center: "数据中看不出它们后来是否按期办结：请导入考核时点之后导出的数据，再预览、发布",
  unit: "中心导入考核时点之后导出的数据后会重新计分；其中已按期办结的，可在“说明与异议”中提出异议并附办结材料",
  unitClosed: "异议期已结束，不能再提出异议；其中已按期办结的，请与中心联系",
  reader: "中心导入考核时点之后导出的数据后会重新计分，发布前结果可能变化",
  readerPublished: "结果已发布；中心导入考核时点之后导出的数据后，须重新发布才会改变已发布的结果",
};

function dataBeforeAsOfWarning(
  latest: number,
  asOf: number,
  count: number,
  reader: DataCutoffReader = "center",
  months?: { month: string; asOf: number; count: number }[],
): PeriodWarning | null {
  if (count === 0) return null;
  const at = formatShanghai(latest, "minute");
  const asOfAt = asOfText(asOf);
  if (months) {
    // a year's: the months it averages named, each with its own assessment time (the year's own says nothing of them)
    const [only] = months;
    const named =
      months.length === 1 && only
        ? `计入本年度的 ${periodLabel(only.month)} 的考核时点（${asOfText(only.asOf)}）：该月有 ${count} 件工单`
        : `计入本年度的 ${months.map((m) => periodLabel(m.month)).join("、")} 的考核时点：这些月份共有 ${count} 件工单（${months
            .map((m) => `${periodLabel(m.month)} ${m.count} 件，考核到 ${asOfText(m.asOf)}`)
            .join("；")}）`;
    return {
      code: "data-before-as-of",
      zh:
        `数据截至 ${at}，早于${named}在数据中尚未办结、办理时限在 ${at} 之后，` +
        `暂按到考核时点仍未办结计分（规则计其为超期的，即按超期计），并以此计入年终成绩的各月平均。${CUTOFF_TODO[reader]}`,
      en: `the data's latest time (received or closed) is ${at}, before the assessment time of ${months.map((m) => `${m.month} (${asOfText(m.asOf)}, ${m.count} order(s))`).join(", ")}, averaged into the year: ${count} order(s) open in the data and due after it are taken as still open then; import data exported after the assessment time`,
      latest,
      count,
      months,
    };
  }
  return {
    code: "data-before-as-of",
    // the data's end and the assessment time first, in few words (one 120-character sentence was not understood: a walk)
    zh:
      `数据截至 ${at}，本期考核到 ${asOfAt}（考核时点）：有 ${count} 件工单在数据中尚未办结、办理时限在 ${at} 之后，` +
      `暂按到考核时点仍未办结计分（规则计其为超期的，即按超期计）。${CUTOFF_TODO[reader]}`,
    en: `the data's latest time (received or closed) is ${at}, before the assessment time ${asOfAt}: ${count} order(s) open in the data and due after it are taken as still open then; import data exported after the assessment time`,
    latest,
    count,
  };
}

/** A result's warnings as `reader` is told them: the data's end with what they can do about it (the rest as they are). */
export function warningsFor<T extends { asOf: number; warnings: PeriodWarning[] }>(result: T, reader: DataCutoffReader): T {
  if (reader === "center" || !result.warnings.some((w) => w.code === "data-before-as-of")) return result;
  const warnings = result.warnings.map((w) =>
    w.code === "data-before-as-of" ? (dataBeforeAsOfWarning(w.latest, result.asOf, w.count, reader, w.months) ?? w) : w,
  );
  return { ...result, warnings };
}

/**
 * Two versions over the same data and period; the data is read once. A comparison is a preview: a version is scored
 * over the period even when not in force for it (a new draft in force from next month, over the latest month with
 * data); what is published is only ever scored by the version in force.
 */
export async function diffVersions(store: Store, a: CompiledRubric, b: CompiledRubric, period: string): Promise<RubricDiff> {
  assertPeriod(period);
  const data = await scoringData(store);
  const options = { evidence: false, preview: true };
  const run = (r: CompiledRubric) => (isYear(period) ? scoreYear(r, data, Number(period), options) : scoreMonth(r, data, period, options));
  const [ra, rb] = await Promise.all([run(a), run(b)]);
  const diff = diffResults(ra, rb);
  // stored events of a type a version does not declare score nothing under it (a draft that renamed 推诿扯皮 dropped
  // them without a word: a unit rose seven places): said beside each version's warnings
  const months = isYear(period) ? monthsOf(Number(period)) : [period];
  // the period's events read once, weighed against each version
  const stored = await storedEventTypes(store, months);
  for (const [rubric, warnings] of [
    [a, diff.warningsA],
    [b, diff.warningsB],
  ] as const)
    warnings.push(
      ...unscoredEventWarnings(
        undeclaredEventTypes(stored, (type) => rubric.plan.eventPoints.has(type)),
        period,
      ),
    );
  return diff;
}

/** The stored events of the months (calendar months, as an import's warnings count them), counted by month and type. */
export async function storedEventTypes(store: Store, months: readonly string[]): Promise<{ month: string; type: string; count: number }[]> {
  const p = (i: number) => param(store.raw.provider, i);
  const out: { month: string; type: string; count: number }[] = [];
  for (const month of months) {
    const rows = await store.raw.query<{ type: string; n: number | string }>(
      `SELECT "type", COUNT(*) AS n FROM "events" WHERE "date" >= ${p(1)} AND "date" < ${p(2)} GROUP BY "type"`,
      [monthStart(month), monthStart(addMonths(month, 1))],
    );
    for (const { type, n } of rows) out.push({ month, type, count: Number(n) });
  }
  return out;
}

/** Of the stored events (storedEventTypes), those of a type not declared: by type, the most first. */
export function undeclaredEventTypes(
  stored: readonly { month: string; type: string; count: number }[],
  declared: (type: string) => boolean,
): { type: string; count: number; months: string[] }[] {
  const found = new Map<string, { type: string; count: number; months: string[] }>();
  for (const { month, type, count } of stored) {
    if (declared(type)) continue;
    const t = found.get(type) ?? { type, count: 0, months: [] };
    t.count += count;
    t.months.push(month);
    found.set(type, t);
  }
  return [...found.values()].sort((a, b) => b.count - a.count || (a.type < b.type ? -1 : 1));
}

/** The period warnings of event types a version does not declare. */
function unscoredEventWarnings(types: readonly { type: string; count: number }[], period: string): PeriodWarning[] {
  return types.map(({ type, count }) => ({
    code: "undeclared-event-type",
    type,
    count,
    zh: `${periodLabel(period)}有 ${count} 条“${type}”事件，此版本没有定义这一事件类型（event），这些事件不计分`,
    en: `${count} stored event(s) of type ${type} in the period, which this version does not declare, score nothing`,
  }));
}

/**
 * The span of time a period's scoring reads: from the earliest start to the
 * latest end of every window any assessment covers when the period is scored
 * (a month: each monthly assessment's window for it — a month from the 26th,
 * a quarter, the year to date …; a year: every monthly assessment in each of
 * its months, and the yearly ones), and the assessment time. A rubric that
 * reads the period before reaches back to it: to the window before for records
 * `in previous period` and previous(…) of counts and facts, to the first month
 * in force for previous(…) of a score or rank (the period before is scored,
 * and may read its own: the engine's previousUse says which).
 */
export function periodSpan(rubric: CompiledRubric, period: string): { start: number; end: number; asOf: number } {
  const yearly = isYear(period);
  const ranked = periodWindow(rubric, period);
  const windows: Window[] = [ranked.window];
  const records = readsPreviousRecords(rubric);
  for (const a of rubric.assessments.values()) {
    if (a.schedule === "monthly") {
      const spec = a.window ?? { window: "month" as const, startDay: 1 };
      // previous(…) of counts or facts, or records `in previous period`: the window before; previous(…) of a score or
      // rank: the period before scored, which may read its own period before, back to the first month in force
      const use = previousUse(rubric, a);
      for (const month of yearly ? monthsOf(Number(period)) : [period]) {
        windows.push(windowFor(spec, month));
        const before = use === "values" || records ? previousMonthOf(spec, month) : null;
        if (before) windows.push(windowFor(spec, before));
      }
      if (use === "scored") windows.push(windowFor(spec, rubric.header.from));
    } else if (yearly) {
      windows.push(windowFor(a.window ?? { window: "year", startDay: 1 }, `${period}-12`));
    }
  }
  const start = Math.min(...windows.map((w) => w.start));
  const end = Math.max(...windows.map((w) => w.end));
  return { start, end, asOf: Math.max(end, ranked.asOf) };
}

/** Do the rubric's measures select records `in previous period` (last period's orders or events)? */
function readsPreviousRecords(rubric: CompiledRubric): boolean {
  const known = previousRecords.get(rubric);
  if (known !== undefined) return known;
  const { symbols } = rubric.plan;
  const seen = new Set<string>();
  const reads = (e: Expr | null): boolean => {
    if (!e) return false;
    if (e.kind === "inPreviousPeriod") return true;
    if (e.kind === "name" && !seen.has(e.name)) {
      seen.add(e.name);
      // a record's own field (`field 上期受理 = 受理时间 in previous period`)
      for (const scope of [symbols.orderScope, symbols.eventScope]) {
        const local = scope.get(e.name);
        if (local?.kind === "field" && reads(local.decl.expr)) return true;
      }
    }
    return childrenOf(e).some(reads);
  };
  const found = rubric.plan.measures.some((m) => reads(m.populationWhere) || reads(m.where) || reads(m.of));
  previousRecords.set(rubric, found);
  return found;
}
const previousRecords = new WeakMap<CompiledRubric, boolean>();

/**
 * Record expressions one of which lies in the assessment window whenever `e`
 * holds (`受理时间 in period`, `办结时间 in period or 受理时间 in period`, a
 * field that says so …), or null when `e` does not confine records to the window.
 */
function windowGuards(e: Expr | null, symbols: SymbolTable, kind: RecordKind, depth = 0): Expr[] | null {
  if (!e || depth > 20) return null;
  const guards = (x: Expr | null) => windowGuards(x, symbols, kind, depth + 1);
  switch (e.kind) {
    case "inPeriod":
    // the span covers the period before when the rubric reads it (periodSpan)
    case "inPreviousPeriod":
      return e.negated ? null : [e.operand];
    case "binary": {
      const left = guards(e.left);
      const right = guards(e.right);
      // either side of an `and` confines its records; an `or` only when both sides do
      if (e.op === "and") return left && right ? (left.length <= right.length ? left : right) : (left ?? right);
      if (e.op === "or") return left && right ? [...left, ...right] : null;
      return null;
    }
    case "name": {
      const local = (kind === "orders" ? symbols.orderScope : symbols.eventScope).get(e.name);
      return local?.kind === "field" ? guards(local.decl.expr) : null;
    }
    default:
      return null;
  }
}

/**
 * Which rows of a record kind the rubric's measures can read in a span: null
 * for none (no measure reads the kind), "all" when some measure is not
 * confined to its window, else a WHERE condition (any of the window fields
 * the populations are confined by lies in the span).
 */
function rowsRead(rubric: CompiledRubric, kind: RecordKind, provider: Provider, span: { start: number; end: number; asOf: number }): string | "all" | null {
  // the counts behind the score table's warnings (orders received, a population's size) score nothing: a result does not rest on them
  const measures = rubric.plan.measures.filter((m) => m.record === kind && !isWarningMeasure(m.name));
  if (measures.length === 0) return null;
  const ctx: SqlContext = { target: sqlTarget(provider), symbols: rubric.plan.symbols, kind, eventPoints: rubric.plan.eventPoints, window: span };
  const conditions = new Set<string>();
  for (const m of measures) {
    const guards = windowGuards(m.populationWhere, rubric.plan.symbols, kind) ?? windowGuards(m.where, rubric.plan.symbols, kind);
    if (!guards) return "all";
    for (const g of guards) {
      const value = recordExprSql(g, ctx);
      conditions.add(`(${value} >= ${span.start} AND ${value} < ${span.end})`);
    }
  }
  return [...conditions].join(" OR ");
}

/** Columns a fingerprint leaves out: which import wrote a row, and when, is not what the row says (nor is its digest: formats v2 and before). */
const UNFINGERPRINTED = new Set(["batchId", "updatedAt", "createdAt", "digest"]);

/** The columns of a table a fingerprint reads, in the table's order. */
async function fingerprintColumns(store: Store, table: string): Promise<string[]> {
  const names =
    store.raw.provider === "sqlite"
      ? (await store.raw.query<{ name: string }>(`PRAGMA table_info("${table}")`)).map((c) => c.name)
      : (
          await store.raw.query<{ column_name: string }>(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
            [table],
          )
        ).map((c) => c.column_name);
  return names.filter((n) => !UNFINGERPRINTED.has(n));
}

/** A fingerprint's format (stored with it): fingerprints of one format compare; `dataHash` makes the current one. */
const FINGERPRINT_V4 = "v4:";
const FINGERPRINT_V3 = "v3:";
const FINGERPRINT_V2 = "v2:";
/** The formats that read the rows' stored digests: v3 in the tables' own key order, v4 by id (`digestOrder`). */
type DigestFormat = typeof FINGERPRINT_V3 | typeof FINGERPRINT_V4;

/** The rows of a table in a stable order: the clustered key of orders (read in the order they are stored), the id of events. */
const FINGERPRINT_ORDER = { orders: keyList(RECORD_ORDER.orders), events: keyList(RECORD_ORDER.events) };
function keyList(columns: readonly string[]): string {
  return columns.map((c) => `"${c}"`).join(", ");
}

/**
 * The order each digest format reads a table's rows in (`sql`), and the key a page of them continues after. v3: the
 * tables' own key, which SQLite reads without sorting (the orders are stored in it). v4, PostgreSQL's: the id alone
 * in byte order, one short key under no collation to sort by, not three under the database's (1,000,000 orders,
 * db-bench: 730 ms, not 2,466 ms).
 */
function digestOrder(format: DigestFormat, table: "orders" | "events", provider: Provider): { sql: string; key: readonly string[] } {
  if (format === FINGERPRINT_V3) return { sql: FINGERPRINT_ORDER[table], key: RECORD_ORDER[table] };
  // SQLite compares text by its bytes already
  return { sql: provider === "sqlite" ? `"id"` : `"id" COLLATE "C"`, key: ["id"] };
}

/** The format `dataHash` makes on a database. */
const currentFormat = (provider: Provider): DigestFormat => (provider === "postgres" ? FINGERPRINT_V4 : FINGERPRINT_V3);

/** What stands for a row without a stored digest in the digests read (not a character a digest, base64url, has). */
const NO_DIGEST = "*".repeat(16);

/**
 * The query of format v2 that fingerprints a table's rows (those `where` selects, every column but UNFINGERPRINTED,
 * in FINGERPRINT_ORDER): SHA-256 of one JSON array per row, each followed by a newline, in the database.
 */
function fingerprintSqlV2(provider: Provider, table: "orders" | "events", columns: readonly string[], where: string): string {
  const cols = columns.map((c) => `"${c}"`).join(", ");
  const filter = where ? ` WHERE ${where}` : "";
  if (provider === "sqlite") {
    // the subquery's order is the order the aggregate reads (orders: the table's own, nothing is sorted)
    return `SELECT kh_fingerprint(r) AS h FROM (SELECT json_array(${cols}) AS r FROM "${table}"${filter} ORDER BY ${FINGERPRINT_ORDER[table]})`;
  }
  return `SELECT encode(sha256(convert_to(COALESCE(string_agg(json_build_array(${cols})::text || E'\\n', '' ORDER BY ${FINGERPRINT_ORDER[table]}), ''), 'UTF8')), 'hex') AS h FROM "${table}"${filter}`;
}

/** The query of formats v3 and v4: the stored digests of a table's rows (`where` selects them) in the format's order, as one text. */
function digestsSql(provider: Provider, format: DigestFormat, table: "orders" | "events", where: string): string {
  const filter = where ? ` WHERE ${where}` : "";
  const digest = `COALESCE("digest", '${NO_DIGEST}')`;
  const order = digestOrder(format, table, provider).sql;
  if (provider === "sqlite") {
    // the subquery's order is the order the aggregate reads (v3 orders: the table's own, nothing is sorted)
    return `SELECT group_concat(d, '') AS h FROM (SELECT ${digest} AS d FROM "${table}"${filter} ORDER BY ${order})`;
  }
  return `SELECT string_agg(${digest}, '' ORDER BY ${order}) AS h FROM "${table}"${filter}`;
}

/**
 * A fingerprint of every row a period's result can depend on: the units, the
 * facts of the years the scoring reads, and every order and event that any
 * measure of the rubric could read for the period — all of a row's columns
 * (close time, satisfaction, attributes …), for every window any assessment
 * reads (periodSpan), by whichever time field a population is confined by
 * (receipt, close, an event's date, a datetime attribute; the whole table when
 * a population is not confined to its window). A change to any row that can
 * change the result changes the fingerprint.
 *
 * The orders and events are read as their rows' digests (@kaohe/db
 * `writtenDigest`: written by the import with each row), in the order they are
 * stored, as one text per table made in the database: a month of 1,000,000
 * orders is one scan of one short column, no row reaching JavaScript. A row
 * whose digest was cleared (changed since by a correction, an undone import)
 * is read whole and digested here to the same value, so the fingerprint says
 * what the rows hold, not how they were written. Fingerprints stored in an
 * earlier format are compared in theirs: see `sameData`. Remembered while the
 * data stays as it is (RawDb.remember).
 */
export async function dataHash(store: Store, rubric: CompiledRubric, period: string): Promise<string> {
  return fingerprintIn(store, rubric, period, currentFormat(store.raw.provider));
}

/**
 * The facts a period's result reads: a year's, all of the years it reads; a month's, those its monthly assessments
 * read — none, mostly. Every fact was in every month's fingerprint: the year-end checklist entered in January marked
 * each published month of the year 数据在发布后有变动 (a walk), though no monthly score reads it.
 */
function factsRead(rubric: CompiledRubric, period: string): ReadonlySet<string> | "all" {
  if (isYear(period)) return "all";
  const names = new Set<string>();
  for (const a of rubric.assessments.values()) if (a.schedule === "monthly") for (const f of factsReadBy(rubric, a)) names.add(f);
  return names;
}

/**
 * A period's fingerprint in one of the formats `sameData` compares (`dataHash`: the database's current one).
 * `allFacts`: every fact of the years, as fingerprints were made before only the facts read were (`factsRead`).
 */
export async function fingerprintIn(
  store: Store,
  rubric: CompiledRubric,
  period: string,
  format: DigestFormat | typeof FINGERPRINT_V2,
  { allFacts = false }: { allFacts?: boolean } = {},
): Promise<string> {
  const span = periodSpan(rubric, period);
  const facts = allFacts ? "all" : factsRead(rubric, period);
  const provider = store.raw.provider;
  const parts: { table: "orders" | "events"; where: string; sql: string }[] = [];
  for (const table of ["orders", "events"] as const) {
    const read = rowsRead(rubric, table, provider, span);
    const where = read === "all" || read === null ? "" : read;
    const sql =
      read === null
        ? ""
        : format === FINGERPRINT_V2
          ? fingerprintSqlV2(provider, table, await fingerprintColumns(store, table), where)
          : digestsSql(provider, format, table, where);
    parts.push({ table, where, sql });
  }
  const years = [shanghaiYear(span.start), shanghaiYear(span.end - 1)];
  const months: [string, string] = [shanghaiMonth(span.start), shanghaiMonth(span.end - 1)];
  const calendar = planUsesWorkdays(rubric.plan);
  // the format in the key: a rubric that reads neither orders nor events has no query to tell the formats apart
  const factsKey = facts === "all" ? "" : `facts:${[...facts].join(",")}|`;
  // marked when made of the facts read alone: compared so (`sameData`), one made before of every fact in its own way
  const mark = facts === "all" ? "" : FACTS_READ_MARK;
  return store.raw.remember(
    `dataHash|${format}|${months.join("-")}|${calendar ? "calendar|" : ""}${factsKey}${parts.map((p) => p.sql).join("|")}`,
    async () => {
      const hash = createHash("sha256");
      await hashUnitsAndFacts(store, hash, years, months, facts);
      if (calendar) await hashCalendar(store, hash, years);
      for (const { table, where, sql } of parts) {
        // a pass over a month's rows, read aside (this thread answers other requests meanwhile); the engine's own SQL
        // functions (kh_date … in a window by a datetime attribute) are on this thread's connection only
        const read = /\bkh_(?!fingerprint\b)/.test(sql) ? store.raw.query.bind(store.raw) : store.raw.readAside.bind(store.raw);
        if (sql) {
          const text = String((await read<{ h: string | null }>(sql))[0]?.h ?? "");
          hash.update(format !== FINGERPRINT_V2 && text.includes(NO_DIGEST) ? await withMissingDigests(store, format, table, where, text) : text);
        }
        hash.update("|");
      }
      return `${format}${hash.digest("hex")}${mark}`;
    },
  );
}

/** The rows without a digest read at a time (a database an earlier release built may have a month of them). */
const DIGEST_PAGE = 10_000;

/**
 * The digests read, with those of the rows that have none made from the rows themselves: read in the same order, a
 * page at a time (by the order's key), each put where its row stands.
 */
async function withMissingDigests(store: Store, format: DigestFormat, table: "orders" | "events", where: string, digests: string): Promise<string> {
  const provider = store.raw.provider;
  const { sql: order, key } = digestOrder(format, table, provider);
  const parts: string[] = [];
  let at = 0;
  let after: unknown[] | null = null;
  for (;;) {
    const conditions = [...(where ? [`(${where})`] : []), `"digest" IS NULL`];
    if (after) conditions.push(`(${order}) > (${key.map((_, i) => param(provider, i + 1)).join(", ")})`);
    const page = await store.raw.query(`SELECT * FROM "${table}" WHERE ${conditions.join(" AND ")} ORDER BY ${order} LIMIT ${DIGEST_PAGE}`, after ?? []);
    for (const row of page) {
      const slot = digests.indexOf(NO_DIGEST, at);
      if (slot < 0) throw new Error(`fingerprint: more rows of ${table} without a digest than the digests read say`);
      parts.push(digests.slice(at, slot), storedRowDigest(table, row as Row, provider));
      at = slot + NO_DIGEST.length;
    }
    if (page.length < DIGEST_PAGE) break;
    const last = page.at(-1) as Row;
    after = key.map((c) => last[c]);
  }
  if (digests.includes(NO_DIGEST, at)) throw new Error(`fingerprint: fewer rows of ${table} without a digest than the digests read say`);
  parts.push(digests.slice(at));
  return parts.join("");
}

/**
 * Start computing a month's fingerprint in the background (it is remembered): by the time the month is published,
 * or its publication checked, it is known (the writer thread is offered it: remember.ts). The pass is read aside
 * (on PostgreSQL by another connection), so the thread that started it goes on answering.
 */
export function prefetchDataHash(store: Store, rubric: CompiledRubric, period: string): void {
  if (isYear(period)) return;
  dataHash(store, rubric, period).catch(() => undefined);
}

/**
 * A rubric that counts working days reads the holiday calendar: its days (休/班, not the notes) of the years asked and
 * the one on either side (the month around the period may reach them: rules-engine/src/workdays.ts), so that a
 * corrected calendar marks a published month as changed. A rubric without working days keeps its fingerprint.
 */
async function hashCalendar(store: Store, hash: Hash, [from, to]: number[]): Promise<void> {
  const p = (i: number) => param(store.raw.provider, i);
  const dayOfYear = (y: number) => Date.UTC(y, 0, 1) / 86_400_000;
  const rows = await store.raw.query<{ day: number; type: string }>(
    `SELECT "day", "type" FROM "holidays" WHERE "day" >= ${p(1)} AND "day" < ${p(2)} ORDER BY "day"`,
    [dayOfYear((from as number) - 1), dayOfYear((to as number) + 2)],
  );
  hash.update(`|calendar|${rows.map((r) => `${Number(r.day)}${r.type}`).join(",")}|`);
}

/**
 * The units (all of them, and the months they are assessed in where that leaves some of `months` out) and the facts
 * of the years asked (`facts`: all, or those of these items only), into a fingerprint.
 */
async function hashUnitsAndFacts(
  store: Store,
  hash: Hash,
  [from, to]: number[],
  [first, last]: readonly [string, string],
  facts: ReadonlySet<string> | "all",
): Promise<void> {
  const feedRows = (rows: Record<string, unknown>[]) => {
    for (const r of rows) hash.update(JSON.stringify(Object.entries(r).filter(([k]) => !UNFINGERPRINTED.has(k))));
  };
  const p = (i: number) => param(store.raw.provider, i);
  feedRows(await store.raw.query(`SELECT "code", "name", "category" FROM "units" ORDER BY "code"`));
  // the months units are assessed in, where they leave some of the period's out (起始月份 after its first month, 截止月份
  // before its last), only when any does: a store without them keeps its fingerprint, and a unit abolished in November
  // leaves October's
  const limited = (
    await store.raw.query<{ code: string; fromMonth: string | null; untilMonth: string | null }>(
      `SELECT "code", "fromMonth", "untilMonth" FROM "units" WHERE "fromMonth" > ${p(1)} OR "untilMonth" < ${p(2)} ORDER BY "code"`,
      [first, last],
    )
  ).map((u) =>
    // a unit out of every month of the period is out, whichever month it left or will join in (moving an abolished
    // unit's 截止月份 from May to April changes no later period)
    (u.fromMonth !== null && u.fromMonth > last) || (u.untilMonth !== null && u.untilMonth < first)
      ? { code: u.code, out: true }
      : {
          code: u.code,
          from: u.fromMonth !== null && u.fromMonth > first ? u.fromMonth : null,
          until: u.untilMonth !== null && u.untilMonth < last ? u.untilMonth : null,
        },
  );
  if (limited.length > 0) {
    hash.update("|assessed months|");
    feedRows(limited);
  }
  hash.update("|");
  if (facts !== "all" && facts.size === 0) {
    hash.update("|");
    return;
  }
  const items = facts === "all" ? [] : [...facts];
  const ofItems = items.length === 0 ? "" : ` AND "item" IN (${items.map((_, i) => p(i + 3)).join(", ")})`;
  feedRows(
    await store.raw.query(
      `SELECT "unit", "year", "item", "value" FROM "facts" WHERE "year" >= ${p(1)} AND "year" <= ${p(2)} AND "month" IS NULL${ofItems} ORDER BY "unit", "year", "item"`,
      [from, to, ...items],
    ),
  );
  // monthly rows after the yearly ones, only when there are any: a store without them keeps its fingerprint
  const monthly = await store.raw.query(
    `SELECT "unit", "month", "item", "value" FROM "facts" WHERE "year" >= ${p(1)} AND "year" <= ${p(2)} AND "month" IS NOT NULL${ofItems} ORDER BY "unit", "month", "item"`,
    [from, to, ...items],
  );
  if (monthly.length > 0) {
    hash.update("|monthly|");
    feedRows(monthly);
  }
  hash.update("|");
}

/**
 * The fingerprint as it was made before the `v2:` format: every row read into JavaScript, by id, a page at a
 * time. Only to compare with fingerprints stored then (sameData).
 */
async function legacyDataHash(store: Store, rubric: CompiledRubric, period: string, options: { pageSize?: number } = {}): Promise<string> {
  const span = periodSpan(rubric, period);
  const hash = createHash("sha256");
  const feedRows = (rows: Record<string, unknown>[]) => {
    for (const r of rows) hash.update(JSON.stringify(Object.entries(r).filter(([k]) => !UNFINGERPRINTED.has(k))));
  };
  const provider = store.raw.provider;
  const p = (i: number) => param(provider, i);
  await hashUnitsAndFacts(store, hash, [shanghaiYear(span.start), shanghaiYear(span.end - 1)], [shanghaiMonth(span.start), shanghaiMonth(span.end - 1)], "all");
  // the rows by id, a page at a time: a province's month is never held in memory at once
  const pageSize = options.pageSize ?? 10_000;
  for (const table of ["orders", "events"] as const) {
    const read = rowsRead(rubric, table, provider, span);
    if (read !== null) {
      const where = read === "all" ? "" : `(${read}) AND `;
      let after = "";
      for (;;) {
        const rows = await store.raw.query(`SELECT * FROM "${table}" WHERE ${where}"id" > ${p(1)} ORDER BY "id" LIMIT ${pageSize}`, [after]);
        feedRows(rows);
        if (rows.length < pageSize) break;
        after = String(rows.at(-1)?.id);
      }
    }
    hash.update("|");
  }
  return hash.digest("hex");
}

/** What ends a month's fingerprint made of the facts its months read (`factsRead`), not of every fact of the year. */
const FACTS_READ_MARK = "/f";

/** Does the data a period reads still have the fingerprint stored (of either format)? */
export async function sameData(store: Store, rubric: CompiledRubric, period: string, stored: string): Promise<boolean> {
  const format = ([FINGERPRINT_V4, FINGERPRINT_V3, FINGERPRINT_V2] as const).find((f) => stored.startsWith(f));
  if (!format) return (await legacyDataHash(store, rubric, period)) === stored;
  // one pass over the month's rows either way: made of the facts its months read (marked), or, before that was, of
  // every fact (compared with every fact as it is now)
  const allFacts = !isYear(period) && !stored.endsWith(FACTS_READ_MARK);
  return (await fingerprintIn(store, rubric, period, format, { allFacts })) === stored;
}

/** Is there any order the rubric's measures could read for the period (false: a period without data)? Null when it reads no orders at all. */
export async function anyOrderRead(store: Store, rubric: CompiledRubric, period: string): Promise<boolean | null> {
  const read = rowsRead(rubric, "orders", store.raw.provider, periodSpan(rubric, period));
  if (read === null) return null;
  // one row answers it: no need to count a province's month
  const rows = await store.raw.query(`SELECT 1 AS "n" FROM "orders"${read === "all" ? "" : ` WHERE ${read}`} LIMIT 1`);
  return rows.length > 0;
}
