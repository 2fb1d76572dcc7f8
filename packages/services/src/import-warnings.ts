/**
 * An import's warnings: what it stored that the rubric in force will silently score nothing for. Events of a
 * type, and checklist items (事项), that the rubric of their month or year does not declare; units of a category
 * it does not know (they drop out of every ranking); an extra column of orders it reads that no order of a month
 * has (every unit loses the points of the items that read it); and events whose 关联工单 names no stored order.
 * Warnings, not problems: the import stands as it is (the data is as the center sent it, and a rubric that knows
 * it may be published later), and the user is told what will not count, with counts and rows to look at.
 *
 * Worked out after the write from what each file's records named (tallied while it was read, @kaohe/db's
 * import/contents.ts), the published versions (one query) and, only for an extra column a file did not fill,
 * one query of a month's orders that stops at the first that has it.
 */
import { attributeKeys, columnLetter, type FieldSpec, RECORD_FIELDS, RECORD_KIND_LABELS } from "@kaohe/data";
import { EXAMPLE_ROWS, type FileReport, type ImportFile, type ImportOptions, type ImportResult, importFiles, param, type Store } from "@kaohe/db";
import { type CompiledRubric, unitRecordSpan } from "@kaohe/rules-engine";
import { addMonths, isYear, parseMonth, periodLabel, shanghaiDayStart, shanghaiEpoch, shanghaiMonth } from "@kaohe/time";
import { attributesOf, compiled, type InForce, inForceCache, readsRecordedPoints, rubricChecks, rubricLabel } from "./import-checks.ts";
import { type OpenedMonth, openedChangedWarnings, openedMonths, publishedChangedWarnings } from "./published-changes.ts";
import { inForceLookup, type RubricVersionDetail, versionsInForceBetween } from "./rubrics.ts";

export type ImportWarningCode =
  | "undeclared-event-type"
  | "undeclared-fact"
  | "ignored-points"
  | "unlinked-event"
  | "undeclared-category"
  | "unfilled-attribute"
  | "published-changed"
  | "published-data-changed"
  | "resembling-column"
  | "lacking-column"
  | "hidden-rows"
  | "hidden-columns"
  | "midnight-deadlines"
  | "visited-unrated"
  | "outside-assessed-months"
  | "new-unit-joins-earlier-months"
  | "unkept-columns"
  | "months-without-rubric"
  | "file-name-month"
  | "id-case-twins"
  | "orders-not-in-file"
  | "opened-changed";

export interface ImportWarning {
  code: ImportWarningCode;
  /** the file whose records it is about */
  file: string;
  /** how many of the file's records (events, facts, units; for an extra column, its orders of those months; for hidden columns, how many) */
  count: number;
  /** the first few rows of the file (the header is row 1); none for an extra column */
  rows: number[];
  zh: string;
  en: string;
}

/** An import's report: what each file changed and the warnings, or every problem found (then nothing was stored). */
export type ImportReport = { ok: true; files: Omit<FileReport, "contents">[]; warnings: ImportWarning[] } | Extract<ImportResult, { ok: false }>;

export type ImportDataOptions = Omit<ImportOptions, "checks" | "beforeCommit"> & {
  /**
   * The user confirmed moving units assessed now into a category the rubric in force does not declare (unassessingCheck):
   * import it. Default: such an import is not stored, and its result (`confirm`) says what it would do.
   */
  confirmUnassessing?: boolean;
};

/**
 * Import files (all or nothing, @kaohe/db's importFiles), refusing what the rubric in force for its period cannot
 * score as given (import-checks.ts), then say what they hold that will score nothing.
 */
export async function importData(store: Store, files: ImportFile[], options: ImportDataOptions): Promise<ImportReport> {
  const { confirmUnassessing, ...rest } = options;
  // the published versions read once, before the import: its checks and its warnings look them up alike
  const inForce = inForceCache(await inForceLookup(store));
  // the months open to the units as they stood (scored only while one is open)
  const opened = await openedMonths(store);
  const beforeCommit = confirmUnassessing ? undefined : await unassessingCheck(store, opened);
  const result = await importFiles(store, files, { ...rest, checks: rubricChecks(inForce), beforeCommit });
  if (!result.ok) return result;
  const warnings = [
    ...(await importWarnings(store, result.files, inForce)),
    ...(await publishedChangedWarnings(store, result.files, options.actor)),
    ...(await openedChangedWarnings(store, opened, result.files)),
  ];
  return { ok: true, files: result.files.map(({ contents: _, ...file }) => file), warnings };
}

/** "第 3、8、15 行 等" */
const rowsText = (rows: readonly number[], count: number) => (rows.length ? `第 ${rows.join("、")} 行${count > rows.length ? " 等" : ""}` : "");

/** Months or years, in order: "2018-01", "2018-01、2018-03", "2018-01 至 2018-12 中的 7 个月", "2017 年". */
function periodsText(periods: readonly string[]): string {
  const sorted = [...periods].sort();
  const one = (p: string) => (isYear(p) ? `${p} 年` : p);
  if (sorted.length <= 3) return sorted.map(one).join("、");
  return `${one(sorted[0] as string)} 至 ${one(sorted.at(-1) as string)} 中的 ${sorted.length} 个${isYear(sorted[0] as string) ? "年度" : "月"}`;
}

/** The warnings of an import's files (reports as importFiles gives them). */
async function importWarnings(store: Store, files: readonly FileReport[], inForce: (period: string) => InForce | null): Promise<ImportWarning[]> {
  const warnings: ImportWarning[] = [];
  // once any rubric is published (before that, nothing is scored anywhere, and the center imports first)
  const anyPublished = (await store.prisma.rubricVersion.count({ where: { status: "published" } })) > 0;
  for (const f of files) {
    if ((f.kind === "orders" || f.kind === "events") && f.batchId !== null) {
      const months = recordMonths(f);
      warnings.push(...fileNameMonth(f, months), ...(anyPublished ? monthsWithoutRubric(f, months, inForce) : []), ...(await idCaseTwins(store, f)));
    }
    if (f.kind === "events") warnings.push(...undeclaredValues(f, inForce), ...ignoredPoints(f, inForce), ...unlinkedEvents(f));
    else if (f.kind === "facts") warnings.push(...undeclaredValues(f, inForce));
    else if (f.kind === "units") warnings.push(...(await undeclaredCategories(store, f)), ...(await newUnitsJoiningEarlierMonths(store, f, inForce)));
    else if (f.kind === "orders")
      warnings.push(
        ...(await unfilledAttributes(store, f, inForce)),
        ...midnightDeadlines(f),
        ...visitedUnrated(f, inForce),
        ...(await ordersNotInFile(store, f)),
      );
    warnings.push(...resemblingColumns(f, inForce), ...lackingColumns(f, inForce), ...hiddenRows(f), ...hiddenColumns(f), ...unkeptColumns(f));
  }
  for (const f of files)
    if (f.kind === "units" || f.kind === "orders" || f.kind === "events") warnings.push(...(await recordsOutsideAssessedMonths(store, f, inForce)));
  return warnings;
}

/** An orders or events file's records by month (an order's 受理时间, an event's 日期), in order. */
function recordMonths(f: FileReport): { month: string; count: number }[] {
  const counts = new Map<string, number>();
  if (f.kind === "orders") for (const m of f.contents.orderMonths) counts.set(m.month, (counts.get(m.month) ?? 0) + m.count);
  else for (const v of f.contents.values) counts.set(v.period, (counts.get(v.period) ?? 0) + v.count);
  return [...counts].map(([month, count]) => ({ month, count })).sort((a, b) => a.month.localeCompare(b.month));
}

const RECORD_WORDS = { orders: ["件工单", "受理时间"], events: ["个考核事件", "日期"] } as const;

/** The way back from an import that stored what it should not have: the console's, the command line having none. */
const UNDO = "在控制台“数据”页的导入记录中撤销本次导入";

/** "2017-05 5 件、2017-06 2 件" (the months, and how many each). */
const monthCounts = (months: readonly { month: string; count: number }[], unit: string) =>
  months.length <= 4
    ? months.map((m) => `${m.month} ${m.count} ${unit}`).join("、")
    : `${months[0]?.month} 至 ${months.at(-1)?.month} 的 ${months.length} 个月`;

/**
 * Records of months no rubric is in force for: stored, and never scored. A file of the wrong year (2017-05 for
 * 2018-12, all stored without a word: a data review), or dates of the wrong year. Said once a rubric is published: before, no month is scored, and the center imports first.
 */
function monthsWithoutRubric(f: FileReport, months: readonly { month: string; count: number }[], inForce: (period: string) => InForce | null): ImportWarning[] {
  const kind = f.kind === "orders" ? "orders" : "events";
  const [noun, at] = RECORD_WORDS[kind];
  const outside = months.filter((m) => parseMonth(m.month) !== null && inForce(m.month) === null);
  if (outside.length === 0) return [];
  const count = outside.reduce((n, m) => n + m.count, 0);
  return [
    {
      code: "months-without-rubric",
      file: f.file,
      count,
      rows: [],
      zh: `${count} ${noun}的${at}在没有施行中的考核规则的月份（${monthCounts(outside, noun.slice(0, 1))}），不会计分：如选错了文件或日期的年份有误，请${UNDO}，改正后重新导入`,
      en: `${count} record(s) fall in months no rubric is in force for (${outside.map((m) => m.month).join(", ")}): they are never scored`,
    },
  ];
}

/**
 * Orders (events) of the file whose id differs from another stored one's only in letter case (dia0005 beside DIA0005):
 * two records where the platform, whose ids are one case, has one — each counted (a data review). Looked up by the
 * file's ids with a small letter in them, as all small and all capital letters: an index probe each.
 */
async function idCaseTwins(store: Store, f: FileReport): Promise<ImportWarning[]> {
  const kind = f.kind === "orders" ? "orders" : "events";
  const ids = f.contents.lowerCaseIds;
  if (ids.length === 0) return [];
  const own = new Set(ids.map((x) => x.id));
  const variants = [...new Set(ids.flatMap(({ id }) => [id.toUpperCase(), id.toLowerCase()]))].filter((v) => !own.has(v));
  if (variants.length === 0) return [];
  const found = new Set<string>();
  for (let i = 0; i < variants.length; i += 500) {
    const part = variants.slice(i, i + 500);
    const rows = await store.raw.query<{ id: string }>(
      `SELECT "id" FROM "${kind}" WHERE "id" IN (${part.map((_, j) => param(store.raw.provider, j + 1)).join(", ")})`,
      part,
    );
    for (const r of rows) found.add(r.id);
  }
  const twins = ids.flatMap(({ id, row }) => {
    const other = [id.toUpperCase(), id.toLowerCase()].find((v) => v !== id && found.has(v));
    return other ? [{ id, row, other }] : [];
  });
  if (twins.length === 0) return [];
  const [unit, noun] = [RECORD_WORDS[kind][0].slice(0, 1), RECORD_WORDS[kind][0].slice(1)];
  const listed = twins.slice(0, 3).map((t) => `${t.id} 与 ${t.other}`);
  return [
    {
      code: "id-case-twins",
      file: f.file,
      count: twins.length,
      rows: twins.slice(0, EXAMPLE_ROWS).map((t) => t.row),
      zh: `${twins.length} ${unit}${noun}的编号与已导入的${noun}只差大小写（${listed.join("、")}${twins.length > 3 ? " 等" : ""}），存成了不同的${noun}，各自计分：如是同一${unit}，请${UNDO}，把编号改成已有的写法后重新导入：${rowsText(
        twins.slice(0, EXAMPLE_ROWS).map((t) => t.row),
        twins.length,
      )}`,
      en: `${twins.length} record(s) whose id differs from a stored one's only in letter case (${listed.join(", ")}): stored as other records`,
    },
  ];
}

/**
 * Stored orders of a month the file covers, of its units, that the file lacks (@kaohe/db's import/contents.ts says
 * when a file covers a month: its orders of it fall on as many days as the stored ones do). A re-export without an
 * order the platform voided or merged kept it stored and scored, silently (a data review). The console voids no single
 * order: the way there is undoing the batch that brought it and importing this file again, or an objection's
 * correction of its fields.
 */
async function ordersNotInFile(store: Store, f: FileReport): Promise<ImportWarning[]> {
  if (f.contents.missing.length === 0) return [];
  const codes = [...new Set(f.contents.missing.flatMap((m) => m.units))];
  const units = await store.prisma.unit.findMany({ where: { code: { in: codes } }, select: { code: true, name: true } });
  const name = (code: string) => units.find((u) => u.code === code)?.name ?? code;
  return f.contents.missing.map((m) => {
    const batches = m.batches.map((b) => `第 ${b.id} 批“${b.fileName}”`).join("、");
    return {
      code: "orders-not-in-file" as const,
      file: f.file,
      count: m.count,
      rows: [],
      zh:
        `已导入的 ${m.count} 件 ${m.month} 受理的工单不在本文件中（${m.units.map(name).join("、")}：${m.ids.join("、")}${m.count > m.ids.length ? " 等" : ""}），` +
        `而本文件的工单落在 ${m.month} 的 ${m.days} 天，不少于已导入的这些单位该月的工单所在的天数，像是该月的完整导出：这些工单仍保存并计入考核。` +
        `如平台已作废或合并它们，控制台不能单独作废一件工单：可${batches ? `在“数据”页的导入记录中撤销带入它们的导入（${batches}；撤销去掉该批的全部记录）后重新导入本文件` : "撤销带入它们的导入后重新导入本文件"}；` +
        `只需改变它们的计分时，可由单位提出异议，认可后更正其字段（如 回退、回退认可）`,
      en: `${m.count} stored order(s) of ${m.month} of the file's units are not in this file, which holds that month's orders of every day (${m.ids.join(", ")}): they are kept and scored`,
    };
  });
}

/** The month a file's name gives (工单2018年12月.xlsx, orders-2018-12.csv, 201812工单.xls), not a day (导出2018-12-05.xlsx); or null. */
export function monthOfFileName(name: string): string | null {
  const stem = name.replace(/\.[^.]*$/, "");
  const found = [...stem.matchAll(/(?<!\d)(20\d\d)\s*(?:年\s*|[-_.]?)(0[1-9]|1[0-2]|[1-9])(?:\s*月(?!\s*\d)|(?![\d.\-_]*\d|\s*[日号月]))/g)];
  const months = new Set(found.map((m) => `${m[1]}-${(m[2] as string).padStart(2, "0")}`));
  return months.size === 1 ? ([...months][0] as string) : null;
}

/**
 * A file whose name gives a month none of its records fall in: the wrong file chosen, or a file of the wrong month
 * saved under the right name (a data review imported 2017-05's orders as 工单2018年12月.csv without a word).
 */
function fileNameMonth(f: FileReport, months: readonly { month: string; count: number }[]): ImportWarning[] {
  const named = monthOfFileName(f.file);
  if (!named || months.length === 0 || months.some((m) => m.month === named)) return [];
  const kind = f.kind === "orders" ? "orders" : "events";
  const [noun, at] = RECORD_WORDS[kind];
  const count = months.reduce((n, m) => n + m.count, 0);
  return [
    {
      code: "file-name-month",
      file: f.file,
      count,
      rows: [],
      zh: `文件名写的是 ${named}，但其中 ${count} ${noun}的${at}${count > 1 ? "都" : ""}不在 ${named}（${monthCounts(months, noun.slice(0, 1))}）：请核对是否选错了文件；选错了可${UNDO}`,
      en: `the file's name gives ${named}, but none of its ${count} record(s) falls in it (${months.map((m) => m.month).join(", ")})`,
    },
  ];
}

/**
 * Orders and events of a unit in months it is not assessed in (before its 起始月份, after its 截止月份): stored, and in
 * no ranking — a unit abolished in June whose July orders were still sent to it, or a 截止月份 written a month early.
 * A units file (whose months they are): every stored record of its units outside them; an orders or events file: its
 * own records the batch wrote (a later file is not told again of what an earlier one brought). Units without such
 * months cost one query.
 */
async function recordsOutsideAssessedMonths(store: Store, f: FileReport, inForce: (period: string) => InForce | null): Promise<ImportWarning[]> {
  if (f.kind !== "units" && f.batchId === null) return [];
  const p = (i: number) => param(store.raw.provider, i);
  const limited = await store.raw.query<{ code: string; name: string; fromMonth: string | null; untilMonth: string | null }>(
    `SELECT "code", "name", "fromMonth", "untilMonth" FROM "units" WHERE "fromMonth" IS NOT NULL OR "untilMonth" IS NOT NULL ORDER BY "code"`,
  );
  const total = { orders: 0, events: 0 };
  const each: string[] = [];
  for (const u of limited) {
    // by the windows of the rubric in force then (a month from the 26th), else calendar months
    const rubric = inForce((u.untilMonth ?? u.fromMonth) as string)?.rubric;
    const span = rubric
      ? unitRecordSpan(rubric, u)
      : {
          start: u.fromMonth ? shanghaiDayStart(`${u.fromMonth}-01`) : Number.NEGATIVE_INFINITY,
          end: u.untilMonth ? shanghaiDayStart(`${addMonths(u.untilMonth, 1)}-01`) : Number.POSITIVE_INFINITY,
        };
    // (bound as numbers every database takes)
    const start = Math.max(span.start, Number.MIN_SAFE_INTEGER);
    const end = Math.min(span.end, Number.MAX_SAFE_INTEGER);
    const said: string[] = [];
    for (const [table, at, what] of [
      ["orders", "receivedAt", "工单 {n} 件"],
      ["events", "date", "事件 {n} 个"],
    ] as const) {
      if (f.kind !== "units" && f.kind !== table) continue;
      const ofBatch = f.kind === table ? ` AND "batchId" = ${p(4)}` : "";
      const where = `"unit" = ${p(1)} AND ("${at}" < ${p(2)} OR "${at}" >= ${p(3)})${ofBatch}`;
      const params = ofBatch ? [u.code, start, end, f.batchId] : [u.code, start, end];
      const n = Number((await store.raw.query<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "${table}" WHERE ${where}`, params))[0]?.n ?? 0);
      if (n === 0) continue;
      total[table] += n;
      // the first few, to look up and reassign
      const ids = (await store.raw.query<{ id: string }>(`SELECT "id" FROM "${table}" WHERE ${where} ORDER BY "${at}", "id" LIMIT 3`, params)).map((r) => r.id);
      said.push(`${what.replace("{n}", String(n))}（${ids.join("、")}${n > ids.length ? " 等" : ""}）`);
    }
    const months = [u.fromMonth && `起始月份 ${u.fromMonth}`, u.untilMonth && `截止月份 ${u.untilMonth}`].filter(Boolean).join("，");
    if (said.length > 0) each.push(`${u.name}（${months}）${said.join("、")}`);
  }
  if (each.length === 0) return [];
  const what = [total.orders > 0 && `${total.orders} 件工单`, total.events > 0 && `${total.events} 个考核事件`].filter(Boolean).join("、");
  return [
    {
      code: "outside-assessed-months",
      file: f.file,
      count: total.orders + total.events,
      rows: [],
      zh: `${what}在承办单位参加考核的月份之外（起始月份之前或截止月份之后），不计入任何排名：${each.join("；")}。如单位已撤销、合并，请把工单改派给接手的单位；如月份有误，请改正单位文件的起始月份、截止月份后重新导入`,
      en: `${total.orders} order(s) and ${total.events} event(s) fall outside the months their unit is assessed in (before its first or after its last month): they count in no ranking`,
    },
  ];
}

/**
 * An extra column named as platforms name an optional column the file lacks (办结日期 for 办结时间, 是否回访 for 已回访):
 * kept under its own name, and not read as that column — unless a rubric in force for the file's months reads a
 * column of that name (`attribute 满意度`), whose column it then is.
 */
function resemblingColumns(f: FileReport, inForce: (period: string) => InForce | null): ImportWarning[] {
  if (f.resembling.length === 0) return [];
  const periods = f.kind === "orders" ? f.contents.orderMonths.map((m) => m.month) : f.kind === "events" ? f.contents.values.map((v) => v.period) : [];
  const record = f.kind === "orders" ? "orders" : "events";
  // the column names the rubrics in force read (import-checks.ts: remembered per rubric)
  const readNames = new Set([...new Set(periods)].flatMap((p) => inForce(p) ?? []).flatMap((r) => attributesOf(r.rubric, record).flatMap((a) => a.keys)));
  const read = (name: string) => readNames.has(name);
  return f.resembling
    .filter((c) => !read(c.name))
    .map((c) => {
      const names = c.fields.map((x) => `“${x.zh}”`).join("或");
      // the rubrics in force that score by the column it looks like: every unit's item reading it is scored as if no
      // order had it (是否回访 for 已回访: a 回访率 of 0 for all), which the words "没有按它读取" alone did not say
      const scoring = readersOf(
        c.fields.map((x) => x.key),
        periods,
        inForce,
        record,
      );
      const scored = scoring.map((v) => `${periodsText(v.periods)} 施行的${rubricLabel(v.version)}`).join("，");
      return {
        code: "resembling-column" as const,
        file: f.file,
        count: f.rows,
        rows: [],
        zh:
          `列“${c.column}”看来是${names}，但列名不同，没有按它读取，作为扩展列保存：计分时这 ${f.rows} 行都没有${names}` +
          `${scored ? `，而 ${scored}按${names}计分` : ""}。` +
          `它若就是${names}，请把表头改为${c.fields.length > 1 ? "其中之一" : names}后重新导入（可先撤销本次导入）；它若是另外的信息，可不理会`,
        en: `column ${c.column} looks like ${c.fields.map((x) => x.key).join(" or ")} but is kept as an extra column${scored ? ", which the rubric in force scores by" : ""}: rename it and import again if it is`,
      };
    });
}

/**
 * Optional columns of orders or events that a rubric in force for the file's periods reads and the file has none of
 * (no 办结时间 column at all): its new records are stored without them — every order still open, none visited — and
 * scored so, which nobody would notice. Records stored before keep their values (a file of some columns updates only
 * those), so it is told only when the file added records. A column told of as a look-alike (办结日期) is not told again.
 */
function lackingColumns(f: FileReport, inForce: (period: string) => InForce | null): ImportWarning[] {
  if (f.inserted === 0 || f.lacking.length === 0 || (f.kind !== "orders" && f.kind !== "events")) return [];
  const record = f.kind;
  const periods = [...new Set(record === "orders" ? f.contents.orderMonths.map((m) => m.month) : f.contents.values.map((v) => v.period))];
  const told = new Set(f.resembling.flatMap((c) => c.fields.map((x) => x.key)));
  const candidates = f.lacking.filter((key) => !told.has(key) && !DEFAULTED.has(key));
  const versions = readersOf(candidates, periods, inForce, record).map((v) => {
    const read = fieldsRead(v.rubric, record);
    return { ...v, keys: candidates.filter((key) => read.has(key)) };
  });
  const fields = RECORD_FIELDS[record];
  const what = record === "orders" ? "件工单" : "条事件";
  return versions.map((v) => {
    const specs = v.keys.map((key) => fields.find((x) => x.key === key) as FieldSpec);
    const names = specs.map((x) => `“${x.zh}”`).join("");
    const empty = specs.map((x) => `${x.zh}${x.type === "boolean" ? "按“否”" : x.type === "count0" ? "按 0" : "为空"}`).join("，");
    return {
      code: "lacking-column" as const,
      file: f.file,
      count: f.inserted,
      rows: [],
      zh:
        `文件没有${names}列：本次新增的 ${f.inserted} ${what}都按没有这些值存入（${empty}），而 ${periodsText(v.periods)} 施行的${rubricLabel(v.version)}按它们计分。` +
        `文件若有这些列（列名不同），请把表头改为${names}后重新导入（可先撤销本次导入）；确实没有的，可不理会`,
      en: `the file has no ${v.keys.join(", ")} column, which the rubric in force reads: its ${f.inserted} new record(s) are stored without them`,
    };
  });
}

/** The rubric versions in force for `periods` that read any of `keys`, with the periods each is in force for. */
function readersOf(
  keys: readonly string[],
  periods: readonly string[],
  inForce: (period: string) => InForce | null,
  record: "orders" | "events",
): (InForce & { periods: string[] })[] {
  const versions = new Map<string, InForce & { periods: string[] }>();
  for (const period of new Set(periods)) {
    const r = inForce(period);
    if (!r) continue;
    const read = fieldsRead(r.rubric, record);
    if (!keys.some((key) => read.has(key))) continue;
    const id = String(r.version.id);
    const v = versions.get(id) ?? { ...r, periods: [] };
    v.periods.push(period);
    versions.set(id, v);
  }
  return [...versions.values()];
}

/** Columns whose absence says what is meant: an event without 次数 happened once. */
const DEFAULTED = new Set(RECORD_FIELDS.events.filter((x) => x.type === "count1").map((x) => x.key));

const fieldsReadCache = new WeakMap<CompiledRubric, Record<"orders" | "events", ReadonlySet<string>>>();

/** The columns (field keys) of orders or events that a rubric names anywhere (a measure's condition, a field's formula…). */
function fieldsRead(rubric: CompiledRubric, record: "orders" | "events"): ReadonlySet<string> {
  let known = fieldsReadCache.get(rubric);
  if (!known) {
    const names = new Set<string>();
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) for (const x of node) walk(x);
      else if (node !== null && typeof node === "object") {
        const n = node as { kind?: unknown; name?: unknown };
        if (n.kind === "name" && typeof n.name === "string") names.add(n.name);
        for (const value of Object.values(node)) if (typeof value === "object") walk(value);
      }
    };
    walk(rubric.ast.declarations);
    const keysOf = (fields: readonly { key: string; zh: string }[]) => new Set(fields.filter((x) => names.has(x.key) || names.has(x.zh)).map((x) => x.key));
    known = { orders: keysOf(RECORD_FIELDS.orders), events: keysOf(RECORD_FIELDS.events) };
    fieldsReadCache.set(rubric, known);
  }
  return known[record];
}

/** The fewest orders, all due at 00:00, that are told of: one such deadline is as likely meant. */
const MIDNIGHT_DEADLINES_TOLD = 3;

/**
 * An orders file whose every 办理时限 is 00:00 exactly (2018-12-10 00:00:00): a time written is that time, the day's
 * start, so an order closed on its deadline day is late; but a platform that keeps deadlines as dates writes them so,
 * and every order closed on the day counts late without a word. Told when there are enough to be sure it is the file's
 * way (not one order due at midnight).
 */
function midnightDeadlines(f: FileReport): ImportWarning[] {
  const { count, midnight, rows } = f.contents.deadlines;
  if (midnight < MIDNIGHT_DEADLINES_TOLD || midnight < count) return [];
  return [
    {
      code: "midnight-deadlines",
      file: f.file,
      count,
      rows,
      zh:
        `${count} 件工单的办理时限都是 0 时整（如“2018-12-10 00:00”）：写了时刻的时限就是那一刻，即当天开始，在时限当天办结的工单都算超期。` +
        `若平台导出的 00:00 只是表示日期，请把办理时限改为只写日期（如“2018-12-10”，表示当天结束）后重新导入（可先撤销本次导入）`,
      en: `every 办理时限 of the file's ${count} orders is 00:00 exactly: read as the day's start, an order closed that day is late; write the date alone if a day is meant`,
    },
  ];
}
/**
 * Orders 已回访 with a 过程满意度 or 结果满意度 left empty, in a column the file has and a rubric in force for its months
 * reads: a call-back without its rating is no satisfied citizen in any rubric, and under Huantai 2017's 满意率 the
 * unit loses the points of a dissatisfied one — for a gap in the sheet, not the citizen's word. (A file without the
 * column at all is told of as lacking it.)
 */
function visitedUnrated(f: FileReport, inForce: (period: string) => InForce | null): ImportWarning[] {
  // each month's orders against the rubric of that month: one that does not read the rating loses nothing by it
  const reads = (month: string, field: string) => {
    const r = inForce(month);
    return r !== null && fieldsRead(r.rubric, "orders").has(field);
  };
  return (["processSatisfaction", "resultSatisfaction"] as const).flatMap((key) => {
    if (f.lacking.includes(key)) return [];
    const told = f.contents.unrated.filter((u) => u.field === key && reads(u.month, key));
    const count = told.reduce((n, u) => n + u.count, 0);
    if (count === 0) return [];
    const rows = told
      .flatMap((u) => u.rows)
      .sort((x, y) => x - y)
      .slice(0, EXAMPLE_ROWS);
    const name = (RECORD_FIELDS.orders.find((x) => x.key === key) as FieldSpec).zh;
    return [
      {
        code: "visited-unrated" as const,
        file: f.file,
        count,
        rows,
        zh:
          `${count} 件工单已回访，但“${name}”为空（${rowsText(rows, count)}）：满意度为空的不算满意，规则按满意件数计分时会因此扣分。` +
          `已回访并有评价的，请补填后重新导入（可先撤销本次导入）；未能回访的，请把“已回访”改为“否”`,
        en: `${count} order(s) 已回访 with an empty ${name}: not counted as satisfied`,
      },
    ];
  });
}

/** "第 3 行", "第 5–316 行", "第 2–4、7、9–12 行 等": runs of rows (the first few; `more`: there are others). */
const runsText = (runs: readonly (readonly [number, number])[], more: boolean) =>
  `第 ${runs.map(([from, to]) => (from === to ? `${from}` : `${from}–${to}`)).join("、")} 行${more ? " 等" : ""}`;

/**
 * Records read from rows hidden in the workbook (by hand, or by a filter): imported as every other row — a sheet's
 * data is what it holds, not what its view shows — but people hide rows to leave them out, and should know they were
 * not. A sheet filtered to one town (its AutoFilter, saved so) is said to be: the rows it hid are the other towns'.
 */
function hiddenRows(f: FileReport): ImportWarning[] {
  const { count, rows, runs, filtered } = f.hidden;
  if (count === 0) return [];
  const listed = runs.slice(0, EXAMPLE_ROWS);
  const where = runsText(listed, runs.length > listed.length || listed.reduce((n, [from, to]) => n + to - from + 1, 0) < count);
  return [
    {
      code: "hidden-rows",
      file: f.file,
      count,
      rows,
      zh: filtered
        ? `${count} 行在工作表中是隐藏的（工作表设有筛选，多半是被筛选掉的），已和其他行一样导入：${where}。` +
          `如只想导入筛选出的行（如一个单位的工单），请取消筛选，删去不需要的行后重新导入（可先撤销本次导入）`
        : `${count} 行在工作表中是隐藏的（手动隐藏或被筛选掉），已和其他行一样导入：${where}。` +
          `若隐藏是为了不导入它们，请删去这些行后重新导入（可先撤销本次导入）`,
      en: filtered
        ? `${count} row(s) hidden in the sheet, which is filtered, were imported like the others`
        : `${count} row(s) hidden in the sheet (by hand or by a filter) were imported like the others`,
    },
  ];
}

/**
 * Columns read that the workbook hides: read by their header as every other column, their values imported — but a
 * column hidden was likely not meant to count, and the user saw none of it.
 */
function hiddenColumns(f: FileReport): ImportWarning[] {
  const { columns } = f.hidden;
  if (columns.length === 0) return [];
  const named = columns.map((c) => {
    const as = c.field !== undefined && c.field !== c.label ? `，读作“${c.field}”` : "";
    return `${c.sheet === null ? "" : `工作表“${c.sheet}”`}第 ${columnLetter(c.column)} 列（“${c.label}”${as}）`;
  });
  const one = columns.length === 1;
  return [
    {
      code: "hidden-columns",
      file: f.file,
      count: columns.length,
      rows: [],
      zh:
        `${named.join("、")}在工作表中是隐藏的：${one ? "该列" : "这些列"}已按列名读取，其中的值和其他列一样导入。` +
        `若隐藏是为了不导入${one ? "该列" : "这些列"}，请删去后重新导入（可先撤销本次导入）`,
      en: `column(s) ${columns.map((c) => `${columnLetter(c.column)} (${c.label})`).join(", ")} hidden in the sheet were read by their header and imported like the others`,
    },
  ];
}

/** A value a file's records name (an event type, a checklist item), over the periods one version is in force for. */
interface ValueInForce {
  value: string;
  version: RubricVersionDetail;
  rubric: CompiledRubric;
  count: number;
  /** the first few rows, in order */
  rows: number[];
  /** the periods as a warning says them, with the space a period in digits takes before 施行 ("2018-01 ", "2017 年") */
  periods: string;
}

/** A file's tallies (per value and period) of the values `told` picks, gathered per value and the version in force for them. */
function valuesInForce(
  tallies: FileReport["contents"]["values"],
  inForce: (period: string) => InForce | null,
  told: (rubric: CompiledRubric, value: string) => boolean,
): ValueInForce[] {
  const found = new Map<string, { value: string; version: RubricVersionDetail; rubric: CompiledRubric; count: number; rows: number[]; periods: string[] }>();
  for (const t of tallies) {
    const r = inForce(t.period);
    // a period no version is in force for is scored by none: the month's page says so
    if (!r || !told(r.rubric, t.value)) continue;
    const key = `${t.value}\u0000${r.version.id}`;
    const w = found.get(key) ?? { value: t.value, version: r.version, rubric: r.rubric, count: 0, rows: [], periods: [] };
    w.count += t.count;
    w.rows.push(...t.rows);
    w.periods.push(t.period);
    found.set(key, w);
  }
  return [...found.values()].map((w) => {
    const periods = periodsText(w.periods);
    return { ...w, rows: w.rows.sort((a, b) => a - b).slice(0, EXAMPLE_ROWS), periods: `${periods}${/\p{Script=Han}$/u.test(periods) ? "" : " "}` };
  });
}

/** Events of a type, or facts of an item, the rubric in force for their month or year does not declare: one warning per value and version. */
function undeclaredValues(f: FileReport, inForce: (period: string) => InForce | null): ImportWarning[] {
  const events = f.kind === "events";
  const declared = (r: CompiledRubric, value: string) => (events ? r.plan.eventPoints.has(value) : r.symbols.global.get(value)?.kind === "fact");
  const what = events
    ? ({ code: "undeclared-event-type", zh: "条事件的类型", en: "event(s) of type" } as const)
    : ({ code: "undeclared-fact", zh: "条事实的事项", en: "fact(s) of item" } as const);
  return valuesInForce(f.contents.values, inForce, (r, value) => !declared(r, value)).map((w) => {
    // the names the rubric declares, and the one the value is likely a slip for (替会、迟到、早退 for 替会迟到早退: the
    // warning said neither, and a deduction the center meant was lost unless someone read it; a data review)
    const names = declaredNames(w.rubric, events ? "event" : "fact");
    const meant = nearestDeclared(w.value, names);
    const ask = meant === undefined ? "" : `。是否为“${meant}”？如是，请改正${events ? "事件类型后重新导入（事件编号相同即更新该事件）" : "事项后重新导入"}`;
    const list = names.length > 0 ? `。该规则定义的${events ? "事件类型" : "事项"}：${names.map((n) => n.name).join("、")}` : "";
    return {
      code: what.code,
      file: f.file,
      count: w.count,
      rows: w.rows,
      zh: `${w.count} ${what.zh}“${w.value}”在 ${w.periods}施行的${rubricLabel(w.version)}中没有定义，不计分：${rowsText(w.rows, w.count)}${ask}${list}`,
      en: `${w.count} ${what.en} ${w.value}, which the rubric in force (${w.version.name} ${w.version.version}) does not declare: they score nothing${meant === undefined ? "" : `; did you mean ${meant}?`}`,
    };
  });
}

/** The event types (or checklist items) a rubric declares, in its order, with their labels (替会迟到早退 "替会、迟到、早退"). */
function declaredNames(rubric: CompiledRubric, kind: "event" | "fact"): { name: string; label: string | null }[] {
  const out: { name: string; label: string | null }[] = [];
  for (const s of rubric.symbols.global.values()) if (s.kind === kind) out.push({ name: s.decl.name, label: s.decl.label });
  return out;
}

/** A name without its punctuation, symbols and spaces, letters in lower case: 替会、迟到、早退 is 替会迟到早退. */
const bare = (name: string) => name.replace(/[\p{P}\p{S}\s]/gu, "").toLowerCase();

/**
 * The declared name a value no rubric declares was likely meant for: the one that is the same but for punctuation and
 * spaces (or whose label is: a type written as the rubric describes it), else the one nearest by edit distance, within a
 * character in four (人员配置不足 for 人员配备不足); none when two are as near.
 */
function nearestDeclared(value: string, declared: readonly { name: string; label: string | null }[]): string | undefined {
  const v = bare(value);
  if (v === "") return undefined;
  const same = declared.filter((d) => bare(d.name) === v);
  const described = same.length > 0 ? same : declared.filter((d) => d.label !== null && bare(d.label) === v);
  if (described.length > 0) return described.length === 1 ? described[0]?.name : undefined;
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  let tie = false;
  for (const d of declared) {
    const name = bare(d.name);
    const distance = editDistance([...v], [...name]);
    if (distance > Math.max(1, Math.floor(Math.max([...v].length, [...name].length) / 4))) continue;
    if (distance < bestDistance) {
      best = d.name;
      bestDistance = distance;
      tie = false;
    } else if (distance === bestDistance) tie = true;
  }
  return tie ? undefined : best;
}

/** Levenshtein distance of two strings' characters. */
function editDistance(a: readonly string[], b: readonly string[]): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * Events that give a 分值 of a type whose points the rubric in force fixes (推诿扯皮: 5 a time, `deduct per`): the
 * value in the file is stored and read by nothing, which the center should know rather than believe it counted.
 * (An undeclared type is told of as such; a type whose recorded points are read, 其他效能问题, counts them.)
 */
function ignoredPoints(f: FileReport, inForce: (period: string) => InForce | null): ImportWarning[] {
  const fixed = (r: CompiledRubric, type: string) => typeof r.plan.eventPoints.get(type) === "number" && !readsRecordedPoints(r, type);
  return valuesInForce(f.contents.pointed, inForce, fixed).map((w) => {
    const points = w.rubric.plan.eventPoints.get(w.value) as number;
    return {
      code: "ignored-points",
      file: f.file,
      count: w.count,
      rows: w.rows,
      zh: `${w.count} 条“${w.value}”事件填了分值，但 ${w.periods}施行的${rubricLabel(w.version)}规定此类事件每次 ${points} 分，不读文件中的分值：${rowsText(w.rows, w.count)}`,
      en: `${w.count} ${w.value} event(s) give points, but the rubric in force (${w.version.name} ${w.version.version}) fixes ${points} a time and does not read them`,
    };
  });
}

function unlinkedEvents(f: FileReport): ImportWarning[] {
  const { count, rows, orderIds } = f.contents.unlinked;
  if (count === 0) return [];
  const ids = `${orderIds.join("、")}${count > orderIds.length ? " 等" : ""}`;
  return [
    {
      code: "unlinked-event",
      file: f.file,
      count,
      rows,
      zh: `${count} 条事件的关联工单在已导入的工单中找不到（${ids}）：${rowsText(rows, count)}。事件照常计分；请核对工单编号，或先导入这些工单`,
      en: `${count} event(s) name a linked order (关联工单) the store does not hold (${orderIds.join(", ")})`,
    },
  ];
}

/**
 * The rubrics a unit's category is checked against: those in force in the months the stored orders span (a unit list
 * serves the months the data is of), or this month's when there are no orders yet; those that declare categories.
 */
async function categoryRubrics(store: Store): Promise<InForce[]> {
  const [span] = await store.raw.query<{ first: number | null; last: number | null }>(
    `SELECT MIN("receivedAt") AS "first", MAX("receivedAt") AS "last" FROM "orders"`,
  );
  const first = span?.first ?? null;
  const last = span?.last ?? null;
  const now = shanghaiMonth(Date.now());
  const months = first !== null && last !== null ? { from: shanghaiMonth(Number(first)), until: shanghaiMonth(Number(last)) } : { from: now, until: now };
  return (await versionsInForceBetween(store, months)).map(compiled).filter((r): r is InForce => r !== null && r.rubric.categories.length > 0);
}

/** Units named in an unassessing import's message, per change of category (the counts are exact). */
const UNASSESSED_LISTED = 3;

/**
 * An import that moves units assessed now (their stored category declared by a rubric in force, categoryRubrics) into
 * a category that rubric does not declare: it would take them out of every ranking at once, the months open to the
 * units included (a units file retyped with 乡镇 for 镇 took 38 of 40 units out, and their users saw no score: a
 * data review). Not committed until the user confirms it (`confirmUnassessing`); the message says how many units,
 * which categories, the rubric's and what follows. Read before the import (the store as it was), asked just before
 * it commits (@kaohe/db's `beforeCommit`). New units of an undeclared category are not assessed now: only told of after.
 */
async function unassessingCheck(store: Store, opened: readonly OpenedMonth[]): Promise<NonNullable<ImportOptions["beforeCommit"]>> {
  const versions = await categoryRubrics(store);
  return ({ categoryChanges }) => {
    const declares = (r: InForce, category: string) => r.rubric.categories.some((c) => c.name === category);
    const moved = categoryChanges.filter((u) => versions.some((r) => declares(r, u.from) && !declares(r, u.to)));
    if (moved.length === 0) return null;
    const rubrics = versions.filter((r) => moved.some((u) => declares(r, u.from) && !declares(r, u.to)));
    const declared = [...new Set(rubrics.flatMap((r) => r.rubric.categories.map((c) => c.name)))].join("、");
    const groups = new Map<string, typeof moved>();
    for (const u of moved) {
      const key = `${u.from} → ${u.to}`;
      groups.set(key, [...(groups.get(key) ?? []), u]);
    }
    const changes = [...groups]
      .map(([key, units]) => {
        const names = units.slice(0, UNASSESSED_LISTED).map((u) => u.name);
        return `${key} ${units.length} 个（${names.join("、")}${units.length > names.length ? " 等" : ""}）`;
      })
      .join("；");
    const codes = new Set(moved.map((u) => u.code));
    // the months open to the units: how many of the moved units have a score there now, and owe a 书面说明
    const open = opened.flatMap((m) => {
      const scored = [...m.units].filter(([code, u]) => codes.has(code) && u.score !== null);
      if (scored.length === 0) return [];
      const owing = scored.filter(([, u]) => u.owes).length;
      return [
        `${periodLabel(m.period)}已向各单位开放（${m.stageLabel}）：其中 ${scored.length} 个单位的得分和名次将消失，单位用户将看不到本单位得分${owing > 0 ? `，${owing} 个单位须作的书面说明也随之取消` : ""}`,
      ];
    });
    return {
      count: moved.length,
      zh:
        `本次导入将把 ${moved.length} 个正在参加考核的单位改为${rubrics.map((r) => rubricLabel(r.version)).join("、")}中没有定义的类别：${changes}（规则中的类别：${declared}）。` +
        `这些单位将不参加考核、不在任何排名中${open.length > 0 ? `；${open.join("；")}` : ""}。` +
        "还没有导入任何数据：如类别名写错了，请改成规则中的类别后重新导入；确要如此改的，请确认后再导入",
      en: `the import would move ${moved.length} assessed unit(s) to a category the rubric in force does not declare (${[...groups.keys()].join(", ")}): they would drop out of every ranking; nothing was stored, to be confirmed first`,
    };
  };
}

/**
 * Units of a category no rubric declares: not assessed, in no ranking. Which rubrics: those in force in the months
 * the stored orders span (a unit list serves the months the data is of), or this month's when there are no orders
 * yet. A category one of them declares is assessed in its months: a new county's units of 镇街, imported with their
 * 2019 orders into a store holding 2018's under the Huantai rubric, were told they were in no ranking while the
 * 2019 ranking ranked them (another county's walk). A unit moved out of a declared category is unassessingCheck's.
 */
async function undeclaredCategories(store: Store, f: FileReport): Promise<ImportWarning[]> {
  if (f.contents.values.length === 0) return [];
  const versions = await categoryRubrics(store);
  const warnings: ImportWarning[] = [];
  for (const t of f.contents.values) {
    const unknownTo = versions.filter((r) => !r.rubric.categories.some((c) => c.name === t.value));
    if (unknownTo.length === 0 || unknownTo.length < versions.length) continue;
    const declared = [...new Set(unknownTo.flatMap((r) => r.rubric.categories.map((c) => c.name)))].join("、");
    warnings.push({
      code: "undeclared-category",
      file: f.file,
      count: t.count,
      rows: t.rows,
      zh:
        `${t.count} 个单位的类别“${t.value}”在${unknownTo.map((r) => rubricLabel(r.version)).join("、")}中没有定义（规则中的类别：${declared}）：` +
        `这些单位不参加考核，不在任何排名中：${rowsText(t.rows, t.count)}`,
      en: `${t.count} unit(s) of category ${t.value}, which the rubric does not declare: they are not assessed and in no ranking`,
    });
  }
  return warnings;
}

/**
 * The extra columns of a facts or holidays file: their records keep none (a 备注 or 依据文件 beside the 值 was dropped
 * without a word; orders', events' and units' extra columns are kept), so the file's columns are said to be unsaved.
 */
function unkeptColumns(f: FileReport): ImportWarning[] {
  if (f.unkept.length === 0 || (f.kind !== "facts" && f.kind !== "calendar")) return [];
  const what = RECORD_KIND_LABELS[f.kind];
  const kept = RECORD_FIELDS[f.kind].map((spec) => spec.zh).join("、");
  const names = f.unkept.map((name) => `“${name}”`).join("、");
  return [
    {
      code: "unkept-columns",
      file: f.file,
      count: f.rows,
      rows: [],
      zh: `列 ${names} 没有保存：${what}只保存 ${kept} 各列，其余的列不读不存（其中的依据、备注请另行存档）`,
      en: `column(s) ${f.unkept.join(", ")} are not stored: a ${f.kind} file keeps only its own columns`,
    },
  ];
}

/**
 * Units this file added without 起始月份 while the store holds orders of months before theirs (before their first
 * order, or any when they have none): such a unit is assessed in every one of those months, with no orders, and may
 * head their rankings (a helper's 新设镇 came first in an October published weeks before, 100 分, 本月无工单). Told with
 * its first order's month, to write as its 起始月份; the import stands (a unit may well have been there all along).
 */
async function newUnitsJoiningEarlierMonths(store: Store, f: FileReport, inForce: (period: string) => InForce | null): Promise<ImportWarning[]> {
  if (f.batchId === null || f.inserted === 0) return [];
  const p = (i: number) => param(store.raw.provider, i);
  const [stored] = await store.raw.query<{ first: number | null }>(`SELECT MIN("receivedAt") AS "first" FROM "orders"`);
  if (stored?.first == null) return [];
  const firstMonth = shanghaiMonth(Number(stored.first));
  // the units the file added without 起始月份, each with its first order (a seek on the unit's orders)
  const added = await store.raw.query<{ code: string; name: string; category: string; first: number | null }>(
    `SELECT u."code", u."name", u."category", (SELECT MIN(o."receivedAt") FROM "orders" o WHERE o."unit" = u."code") AS "first"
     FROM "import_changes" c JOIN "units" u ON u."code" = c."recordKey"
     WHERE c."batchId" = ${p(1)} AND c."entity" = 'units' AND c."before" IS NULL AND u."fromMonth" IS NULL ORDER BY u."code"`,
    [f.batchId],
  );
  // a unit of a category the rubric of the store's first month does not rank is in none of its rankings (told apart)
  const rubric = inForce(firstMonth)?.rubric;
  const said: string[] = [];
  for (const u of added) {
    if (rubric && rubric.categories.length > 0 && !rubric.categories.some((c) => c.name === u.category)) continue;
    const ownMonth = u.first == null ? null : shanghaiMonth(Number(u.first));
    if (ownMonth !== null && ownMonth <= firstMonth) continue;
    said.push(`${u.name}（${u.code}，${ownMonth === null ? "还没有它的工单" : `最早的工单在 ${ownMonth}`}）`);
  }
  if (said.length === 0) return [];
  return [
    {
      code: "new-unit-joins-earlier-months",
      file: f.file,
      count: said.length,
      rows: [],
      zh:
        `新增的 ${said.length} 个单位没有填写起始月份：${said.join("、")}。库中已有 ${firstMonth} 起的工单，` +
        `这些单位将参加此后每个月的考核，没有工单的月份也按规则计分、排名（已发布的月份按当前数据会因此不同）；` +
        `如为新设单位，请在单位名单的“起始月份”列填写它开始考核的月份后重新导入`,
      en: `${said.length} unit(s) added without 起始月份 (start month): they are assessed in every month since ${firstMonth}, those without orders included; write their start month if they are new`,
    },
  ];
}

/**
 * An extra column of orders a rubric reads (`attribute`) that no order of a month has: the file's orders are
 * looked at first (a column it fills needs no query), then the store's orders of the month (a file of a few
 * columns leaves the values stored before), stopping at the first that has it.
 */
async function unfilledAttributes(store: Store, f: FileReport, inForce: (period: string) => InForce | null): Promise<ImportWarning[]> {
  const found = new Map<string, { name: string; version: RubricVersionDetail; months: string[]; count: number }>();
  for (const m of f.contents.orderMonths) {
    const r = inForce(m.month);
    if (!r) continue;
    for (const s of r.rubric.symbols.orderScope.values()) {
      if (s.kind !== "attribute") continue;
      // read by its name, or by its label as a column header (as the engine reads it)
      const keys = attributeKeys(s.decl.name, s.decl.label);
      if (keys.some((k) => m.attributes.includes(k)) || (await storedOrderHas(store, m.month, keys))) continue;
      const key = `${s.decl.name}\u0000${r.version.id}`;
      const w = found.get(key) ?? { name: s.decl.name, version: r.version, months: [], count: 0 };
      w.months.push(m.month);
      w.count += m.count;
      found.set(key, w);
    }
  }
  return [...found.values()].map((w) => ({
    code: "unfilled-attribute",
    file: f.file,
    count: w.count,
    rows: [],
    zh:
      `${rubricLabel(w.version)}读取工单的扩展属性“${w.name}”，但 ${periodsText(w.months)} 的工单都没有这一列的值（其中本次导入 ${w.count} 件）：` +
      `用到它的考核项各单位都将失分。请在工单文件中加上“${w.name}”列后重新导入`,
    en: `the rubric reads the orders' extra column ${w.name}, which no order of ${w.months.join(", ")} has: every unit loses the points of the items that read it`,
  }));
}

/** Does any stored order received in the month have a value in one of these extra columns? */
async function storedOrderHas(store: Store, month: string, keys: readonly string[]): Promise<boolean> {
  const provider = store.raw.provider;
  const { year, month: m } = parseMonth(month);
  const next = parseMonth(addMonths(month, 1));
  const has = keys.map((_, i) =>
    provider === "sqlite" ? `json_extract("attributes", ${param(provider, i + 3)}) IS NOT NULL` : `("attributes" ->> ${param(provider, i + 3)}) IS NOT NULL`,
  );
  const rows = await store.raw.query(
    `SELECT 1 AS "x" FROM "orders" WHERE "receivedAt" >= ${param(provider, 1)} AND "receivedAt" < ${param(provider, 2)} AND (${has.join(" OR ")}) LIMIT 1`,
    [shanghaiEpoch(year, m, 1), shanghaiEpoch(next.year, next.month, 1), ...keys.map((k) => (provider === "sqlite" ? `$.${JSON.stringify(k)}` : k))],
  );
  return rows.length > 0;
}
