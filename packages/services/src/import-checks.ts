/**
 * What an import refuses that only the rubric in force can tell:
 * - a checklist item's (事项) value that does not fit the type its rubric declares — a number for a yes/no item (it
 *   would be scored as 否 without a word), 是 or 否 for a number;
 * - an order's or event's extra column (`attribute 响应时长 number`) whose value the scoring cannot read as the type
 *   declared: 9.6小时, 95%, 2018年10月5日 were read as no value (or a yes/no as 否), and a unit's score moved without a
 *   word.
 * - an event of a type whose points the rubric reads from the event's 分值 (`deduct recorded per 其他效能问题`, or a
 *   type declared `points recorded`) with its 分值 cell empty: it was stored and scored nothing, an 其他效能问题 found
 *   and verified deducting 0 without a word (the console's 登记考核事件 form asks for the 分值 of such a type).
 * A problem at the row like any other, found while the file is read: nothing is stored (@kaohe/db's importFiles, all
 * or nothing). Items and columns the rubric does not declare, and periods no version is in force for, are the
 * warnings' (import-warnings.ts).
 */
import { attributeKeys, type Fact, type HotlineEvent, type Reason, type RecordChecks } from "@kaohe/data";
import { type AttributeDecl, type FactDecl, itemsOf } from "@kaohe/rules-dsl";
import { readsRecordedPoints as adjustmentReadsPoints, type CompiledRubric, H, yesNoNumber } from "@kaohe/rules-engine";
import { isMonth, isYear, periodLabel, shanghaiMonth } from "@kaohe/time";
import { compileVersion, type RubricVersionDetail } from "./rubrics.ts";

export interface InForce {
  version: RubricVersionDetail;
  rubric: CompiledRubric;
}

export const compiled = (v: RubricVersionDetail | null | undefined): InForce | null => {
  if (!v) return null;
  try {
    return { version: v, rubric: compileVersion(v) };
  } catch {
    // a published version that no longer compiles says so wherever it is used
    return null;
  }
};

export const rubricLabel = (v: RubricVersionDetail) => `规则“${v.name}”（${v.version}）`;

/** The rubric in force for each period (a month, a year), compiled once per period looked up. */
export function inForceCache(lookup: (period: string) => RubricVersionDetail | null): (period: string) => InForce | null {
  const known = new Map<string, InForce | null>();
  return (period) => {
    let r = known.get(period);
    if (r === undefined) {
      r = compiled(lookup(period));
      known.set(period, r);
    }
    return r;
  };
}

/** Where the rubric declares an item or a column, as a problem names it: 规则“…”（2018）第 6 行. */
const declaredAt = (decl: { range: { start: { line: number } } }, v: RubricVersionDetail): [string, string] => [
  `${rubricLabel(v)}第 ${decl.range.start.line} 行`,
  `rubric ${v.name} ${v.version}, line ${decl.range.start.line}`,
];

/** Why a fact's value does not fit its item's declared type, or null when it does. */
function factValueReason(decl: FactDecl, value: Fact["value"], written: string, v: RubricVersionDetail): Reason | null {
  const name = decl.name;
  const [where, whereEn] = declaredAt(decl, v);
  if (decl.type === "yesno" && typeof value !== "boolean" && !(typeof value === "number" && yesNoNumber(value) !== null)) {
    return {
      zh: `“${name}”是是否项（${where}），应填 是 或 否（或 1、0），而不是“${written}”`,
      en: `${name} is a yes/no item (${whereEn}): write 是 or 否 (or 1, 0), not ${written}`,
    };
  }
  if (decl.type === "number" && typeof value !== "number") {
    return {
      zh: `“${name}”是数值项（${where}），应填数字，而不是“${written}”`,
      en: `${name} is a number item (${whereEn}): write a number, not ${written}`,
    };
  }
  return null;
}

/** Why a fact's row is of the wrong period for its item (a month for a yearly item, none for a monthly one), or null. */
function periodReason(decl: FactDecl, month: string | null | undefined, v: RubricVersionDetail): Reason | null {
  const [where, whereEn] = declaredAt(decl, v);
  if (month && !decl.monthly)
    return {
      zh: `“${decl.name}”是年度事项（${where}），每个单位每年一行，不填月份：请清空“月份”（这一行不会计分）；确需按月填报的，须在规则中声明为按月事项（monthly）`,
      en: `${decl.name} is a yearly item (${whereEn}): one row a unit a year, without a month (a row with one scores nothing)`,
    };
  if (!month && decl.monthly)
    return {
      zh: `“${decl.name}”是按月事项（${where}），每行要填“月份”（如 2018-06）`,
      en: `${decl.name} is a monthly item (${whereEn}): each row gives its month`,
    };
  return null;
}

/** The texts the scoring reads as yes and as no (rules-engine H.bool: 是, true, 1, Y are yes; anything else no). */
const YES_NO_TEXTS: ReadonlySet<string> = new Set(["是", "否", "true", "false", "1", "0", "Y", "y", "N", "n"]);

/**
 * What a platform writes for "no value" in a number, date or yes/no column (-, /, 无): the scoring reads it as no value
 * (a yes/no as 否, as it reads an empty cell), which is what it means — no problem, as the importer's own columns read it.
 */
const NO_VALUE_MARKS: ReadonlySet<string> = new Set(["-", "--", "－", "—", "——", "/", "／", "无", "空", "暂无", "N/A", "n/a", "NA", "null", "NULL"]);

/** Why an extra column's value is not what the scoring reads as its declared type, or null when it is. */
function attributeReason(decl: AttributeDecl, written: string, v: RubricVersionDetail): Reason | null {
  const value = written.trim();
  if (value === "" || decl.type === "text") return null;
  if (NO_VALUE_MARKS.has(value)) return null;
  const column = decl.label && decl.label !== decl.name ? `“${decl.name}”（${decl.label}）` : `“${decl.name}”`;
  const [where, whereEn] = declaredAt(decl, v);
  const unread = "计分时会当作没有值";
  if (decl.type === "number" && H.num(value) === null) {
    const hint = /%$/.test(value)
      ? "：百分数写成小数，如 95% 写作 0.95"
      : /^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(value)
        ? "：不写千位分隔符"
        : /^[-+]?[\d.]+\D+$/.test(value)
          ? "：数字后不写单位"
          : "";
    return {
      zh: `${column}是数值列（${where}），应填数字（没有值时留空），而不是“${value}”${hint}；否则${unread}`,
      en: `${decl.name} is a number column (${whereEn}): write a number, not ${value}`,
    };
  }
  if (decl.type === "datetime" && H.date(value) === null) {
    return {
      zh: `${column}是日期时间列（${where}），应写作 年-月-日 时:分（如 2018-10-05 14:30）或日期单元格（没有值时留空），而不是“${value}”；否则${unread}`,
      en: `${decl.name} is a date-time column (${whereEn}): write 2018-10-05 14:30, not ${value}`,
    };
  }
  if (decl.type === "yesno" && !YES_NO_TEXTS.has(value)) {
    return {
      zh: `${column}是“是/否”列（${where}），应填 是 或 否（也可写 1/0、Y/N、true/false），而不是“${value}”；否则计分时会当作“否”`,
      en: `${decl.name} is a yes/no column (${whereEn}): write 是 or 否, not ${value}`,
    };
  }
  return null;
}

/** The extra columns a rubric declares for orders or events, each with the keys its values are stored by (remembered per rubric). */
const declaredAttributes = new WeakMap<CompiledRubric, Record<"orders" | "events", { decl: AttributeDecl; keys: string[] }[]>>();

export function attributesOf(rubric: CompiledRubric, record: "orders" | "events"): { decl: AttributeDecl; keys: string[] }[] {
  let known = declaredAttributes.get(rubric);
  if (!known) {
    const of = (scope: typeof rubric.symbols.orderScope) =>
      [...scope.values()].flatMap((sym) => (sym.kind === "attribute" ? [{ decl: sym.decl, keys: attributeKeys(sym.decl.name, sym.decl.label) }] : []));
    known = { orders: of(rubric.symbols.orderScope), events: of(rubric.symbols.eventScope) };
    declaredAttributes.set(rubric, known);
  }
  return known[record];
}

/** The problems of a record's extra columns under the rubric in force for its month: on the column as the file heads it. */
function attributeProblems(
  inForce: (period: string) => InForce | null,
  record: "orders" | "events",
  attributes: Readonly<Record<string, string>>,
  at: number,
  written: (field: string) => string,
): { field: string; reason: Reason }[] {
  // most files have no extra column: nothing to look up
  let any = false;
  for (const _ in attributes) {
    any = true;
    break;
  }
  if (!any || !Number.isFinite(at)) return [];
  const r = inForce(shanghaiMonth(at));
  if (!r) return [];
  const out: { field: string; reason: Reason }[] = [];
  for (const { decl, keys } of attributesOf(r.rubric, record)) {
    // the column the scoring reads (by name, else by label): the first key with a value
    const key = keys.find((k) => attributes[k] !== undefined);
    if (key === undefined) continue;
    const reason = attributeReason(decl, written(key), r.version);
    if (reason) out.push({ field: key, reason });
  }
  return out;
}

/**
 * How a rubric scores an event type by the 分值 its events give: "deduct", "add" (both: "both"), or null when it does not
 * read the 分值 (a type of fixed points, `deduct per 推诿扯皮`: 5 a time). Read by `deduct recorded per <type>` (or `add
 * recorded per`), and by a plain `deduct per <type>` of a type declared `points recorded` (remembered per rubric).
 */
function recordedPointsDirection(rubric: CompiledRubric, type: string): "deduct" | "add" | "both" | null {
  let known = recordedPointsCache.get(rubric);
  if (!known) {
    known = new Map();
    for (const a of rubric.assessments.values())
      for (const part of a.parts)
        for (const item of itemsOf(part))
          for (const adj of item.adjustments) {
            if (!adj.per) continue;
            const sym = rubric.symbols.global.get(adj.per.name);
            if (sym?.kind !== "event") continue;
            if (!adjustmentReadsPoints(adj, sym.decl)) continue;
            const was = known.get(adj.per.name);
            known.set(adj.per.name, was === undefined || was === adj.direction ? adj.direction : "both");
          }
    recordedPointsCache.set(rubric, known);
  }
  return known.get(type) ?? null;
}

const recordedPointsCache = new WeakMap<CompiledRubric, Map<string, "deduct" | "add" | "both">>();

/** Whether a rubric reads the 分值 its events of `type` give (recordedPointsDirection). */
export const readsRecordedPoints = (rubric: CompiledRubric, type: string): boolean => recordedPointsDirection(rubric, type) !== null;

/**
 * An event whose 分值 cell is empty while the rubric in force for its month scores its type by the 分值: it would score
 * nothing. Only where the file has a 分值 column: without one, a stored event keeps the 分值 it has (an update of other
 * columns), which a check of the file cannot see.
 */
function missingPoints(
  inForce: (period: string) => InForce | null,
  e: HotlineEvent,
  written: (field: string) => string,
  hasColumn: (field: string) => boolean,
): { field: string; reason: Reason }[] {
  if (e.points !== null || !hasColumn("points") || written("points").trim() !== "" || !Number.isFinite(e.date)) return [];
  const month = shanghaiMonth(e.date);
  const r = inForce(month);
  if (!r) return [];
  const direction = recordedPointsDirection(r.rubric, e.type);
  if (direction === null) return [];
  const sym = r.rubric.symbols.global.get(e.type);
  // the declaration's line when it says so (points recorded); else the rubric (its `deduct recorded per` reads the 分值)
  const [where, whereEn] =
    sym?.kind === "event" && sym.decl.points === null
      ? declaredAt(sym.decl, r.version)
      : [rubricLabel(r.version), `rubric ${r.version.name} ${r.version.version}`];
  const verb = direction === "deduct" ? "扣" : direction === "add" ? "加" : "计";
  return [
    {
      field: "points",
      reason: {
        zh:
          `${periodLabel(month)}施行的${where}规定“${e.type}”事件按记录的分值${verb}分，这条事件没有填分值，导入后不会${verb}分：` +
          `请在“分值”列填写查证确定的每次分值（乘以次数计）后重新导入`,
        en: `the rubric in force in ${month} scores ${e.type} events by their recorded points (${whereEn}): this event gives none, and would score nothing; fill in 分值`,
      },
    },
  ];
}

/** The checks of an import's records against the rubric in force for their period. */
export function rubricChecks(inForce: (period: string) => InForce | null): RecordChecks {
  return {
    facts: {
      reads: ["year", "month", "item", "value"],
      check(f, written) {
        const period = f.month ?? String(f.year);
        if (!isYear(period) && !isMonth(period)) return [];
        const r = inForce(period);
        const sym = r?.rubric.symbols.global.get(f.item);
        if (!r || sym?.kind !== "fact") return [];
        // a yearly item's row with a month (or a monthly item's without) is stored and read by nothing: the center
        // believed 马桥镇's 专线网络 corrected by a row for 2018-06, and the year still scored the yearly row's 否
        const month = periodReason(sym.decl, f.month, r.version);
        if (month) return [{ field: "month", reason: month }];
        const reason = factValueReason(sym.decl, f.value, written("value").trim(), r.version);
        return reason ? [{ field: "value", reason }] : [];
      },
    },
    orders: {
      reads: ["receivedAt"],
      check: (o, written) => attributeProblems(inForce, "orders", o.attributes, o.receivedAt, written),
    },
    events: {
      reads: ["date"],
      check: (e, written, hasColumn) => [
        ...missingPoints(inForce, e, written, hasColumn),
        ...attributeProblems(inForce, "events", e.attributes, e.date, written),
      ],
    },
  };
}
