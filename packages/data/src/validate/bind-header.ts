/**
 * Matching a file's header row to the fields of a kind of record. Each column
 * may be headed by the Chinese name or the English key; spaces (around it or
 * within it, a line break typed in the cell, full-width and no-break spaces)
 * and full-width/half-width differences do not matter, nor does the case of
 * an English key.
 */

import { cellText } from "../read/cell-values.ts";
import type { Cell, RawRow } from "../read/read-table.ts";
import { type FieldSpec, type FieldType, headerName, RECORD_FIELDS, RECORD_KIND_LABELS, RECORD_KINDS, type RecordKind } from "../schema.ts";
import type { ImportProblem } from "../types.ts";

export interface HeaderBinding {
  /** the kind of file the header is read for */
  kind: RecordKind;
  /** the header's row number */
  row: number;
  /** number of columns in the header (trailing unnamed ones excluded) */
  width: number;
  /** field bound to each column, if any */
  fieldAt: (FieldSpec | undefined)[];
  /** attribute name (normalized header) of each unknown column, if any */
  attributeAt: (string | undefined)[];
  /** the columns that number the rows (序号, 行号, No.): neither a field nor an attribute, not read */
  rowNumberColumns: number[];
  /** column index of each field present, by key */
  indexOf: Record<string, number>;
  /** header as written in the file (trimmed), by column index */
  labels: string[];
  /** required fields with no column */
  missing: FieldSpec[];
  /** of those, the ones a column named otherwise seems to be (受理日期 for 受理时间): that column's label, by key */
  standIns: Record<string, string>;
  /**
   * Extra columns named as platforms name an optional column the file lacks (办结日期 for 办结时间): kept as extra
   * columns, and told of after the import unless a rubric reads them by that name (@kaohe/services import-warnings.ts).
   */
  resembling: ResemblingColumn[];
  /**
   * A column of the time of day beside its date's column (受理时间 and 受理时刻): each row whose date holds no time of
   * day while this column holds one is refused at it (read-records.ts); one whose date has its time is read as it is
   */
  timeOfDay: { key: string; column: number }[];
  problems: ImportProblem[];
}

/** Header text as compared with the columns' names (受理⏎时间 and *受理时间（必填） are 受理时间). */
const headerKey = headerName;

const lookupCache = new Map<RecordKind, ReadonlyMap<string, FieldSpec>>();

function headerLookup(kind: RecordKind): ReadonlyMap<string, FieldSpec> {
  let lookup = lookupCache.get(kind);
  if (!lookup) {
    const map = new Map<string, FieldSpec>();
    for (const spec of RECORD_FIELDS[kind]) {
      map.set(headerKey(spec.zh), spec);
      map.set(spec.key.toLowerCase(), spec);
    }
    lookup = map;
    lookupCache.set(kind, lookup);
  }
  return lookup;
}

/** The field a header names, if any. */
export function fieldForHeader(kind: RecordKind, header: string): FieldSpec | undefined {
  const normalized = headerKey(header);
  const lookup = headerLookup(kind);
  return lookup.get(normalized) ?? lookup.get(normalized.toLowerCase());
}

/**
 * The headers of a column that numbers the rows, as `headerName` makes them (case aside): 序号, 行号, No., NO, #. Almost
 * every platform's export begins with one; its numbers follow the export's sort, not the record, so it is not kept
 * with the record (stored, it made every order of a re-sorted export an update).
 */
const ROW_NUMBER_HEADERS: ReadonlySet<string> = new Set(["序号", "行号", "no.", "no", "#"]);

/** Does a column's name (`headerName`) say it numbers the rows? */
function isRowNumberHeader(name: string): boolean {
  return ROW_NUMBER_HEADERS.has(name.toLowerCase());
}

/** `第3列` / `column 3` label for a column with no header. */
export function columnNumberLabel(index: number): string {
  return `第${index + 1}列`;
}

/** The letter a spreadsheet shows over a column (0-based): A, B, … Z, AA. */
export function columnLetter(index: number): string {
  let letters = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

export function bindHeader(file: string, kind: RecordKind, header: RawRow): HeaderBinding {
  const binding: HeaderBinding = {
    kind,
    row: header.row,
    width: 0,
    fieldAt: [],
    attributeAt: [],
    rowNumberColumns: [],
    indexOf: {},
    labels: [],
    missing: [],
    standIns: {},
    resembling: [],
    timeOfDay: [],
    problems: [],
  };
  const seen = new Map<string, number>();
  header.cells.forEach((cell, index) => {
    const label = cellText(cell).trim();
    binding.labels[index] = label;
    if (label === "") return;
    binding.width = index + 1;
    const spec = fieldForHeader(kind, label);
    const name = spec ? spec.key : headerName(label);
    if (!spec && isRowNumberHeader(name)) {
      binding.rowNumberColumns.push(index);
      return;
    }
    const first = seen.get(name);
    if (first !== undefined && !spec && binding.attributeAt[first] !== undefined) {
      // An unknown column headed as an earlier one (备注 twice: one the unit's, one the center's) is kept, not the
      // file refused. A rubric reads an attribute by its exact name (attributeKeys) and may declare any name, one not
      // yet published among them, so which names a rubric reads cannot be told here: the first column keeps the name,
      // as a reader of the sheet finds it first, and each later one is kept as 备注(第2个), 备注(第3个) — the name a
      // rubric's label 备注（第2个） is read by (headerName) — so no value is dropped and each column can be named.
      const attribute = repeatedAttributeName(name, seen);
      seen.set(attribute, index);
      binding.attributeAt[index] = attribute;
      return;
    }
    if (first !== undefined) {
      const firstLabel = binding.labels[first] ?? "";
      binding.problems.push({
        file,
        row: header.row,
        column: label,
        value: label,
        // both columns by number and letter, and a hidden one suspected: a platform's hidden helper column headed 办结时间
        // was refused as 与第7列“办结时间”是同一列, and the user saw one 办结时间 in Excel (a data review; the readers do not
        // tell hidden columns)
        reason: `列重复：第${index + 1}列（${columnLetter(index)}列）“${label}”与第${first + 1}列（${columnLetter(first)}列）“${firstLabel}”是同一列${spec ? `（${spec.zh}）` : ""}：请删去其中一列后再导入；在表格中只看到一列时，另一列可能被隐藏了（选中两旁的列，右键“取消隐藏”）`,
        reasonEn: `duplicate column: column ${index + 1} (${columnLetter(index)}) "${label}" is the same as column ${first + 1} (${columnLetter(first)}) "${firstLabel}"${spec ? ` (${spec.key})` : ""}; one of them may be hidden`,
      });
      return;
    }
    seen.set(name, index);
    if (spec) {
      binding.fieldAt[index] = spec;
      binding.indexOf[spec.key] = index;
    } else {
      binding.attributeAt[index] = name;
    }
  });
  for (const spec of RECORD_FIELDS[kind]) {
    if (spec.required && binding.indexOf[spec.key] === undefined) binding.missing.push(spec);
  }
  // a column named as platforms name one of the file's columns that the file lacks: a required one is a problem at it,
  // with the name to write (the file is refused for its lack anyway); an optional one is kept as an extra column, and
  // told of after the import (a rubric may read a column of that name, or the file mean something else by it)
  const resembled = new Set<string>();
  binding.attributeAt.forEach((name, index) => {
    if (name === undefined) return;
    const lacking = (spec: FieldSpec) => binding.indexOf[spec.key] === undefined;
    const named = (resemblances(kind).get(name) ?? []).filter(lacking);
    const specs = named.length > 0 ? named : containedNames(kind, name).filter(lacking);
    if (specs.length === 0) return;
    const label = binding.labels[index] ?? name;
    if (!specs.some((spec) => spec.required)) {
      binding.resembling.push({ column: label, name, fields: specs.map(({ key, zh }) => ({ key, zh })) });
      return;
    }
    for (const spec of specs) {
      resembled.add(spec.key);
      if (spec.required) binding.standIns[spec.key] ??= label;
    }
    binding.problems.push(resemblingColumnProblem(file, header.row, label, specs));
  });
  // one time written in two columns, its date in one and its time of day in the other (受理时间(年月日), 受理时间(时分)):
  // the first is read as the column (its note read past), and the times would be lost without a word
  // The same with the time of day under a name of its own (受理日期, 受理时刻; 办结时间, 办结时分): renamed as the
  // date column's problem says, the file was imported with every order received at 00:00 (found by a helper)
  binding.attributeAt.forEach((name, index) => {
    if (name === undefined) return;
    const split = SPLIT_TIME.exec(name);
    const own = split ? null : TIME_OF_DAY.exec(name);
    const spec = split
      ? fieldForHeader(kind, split[1] as string)
      : own
        ? (["时间", "日期", "时限"].map((end) => fieldForHeader(kind, `${own[1]}${end}`)).find((f) => f !== undefined) ?? undefined)
        : undefined;
    if (!spec || !TIME_TYPES.has(spec.type)) return;
    const at = binding.indexOf[spec.key];
    // the date's column under its own name, or (not yet named so) one resembling it
    const dateLabel =
      at !== undefined
        ? binding.labels[at]
        : own
          ? binding.labels[binding.attributeAt.findIndex((n) => n !== undefined && (resemblances(kind).get(n) ?? []).includes(spec))]
          : undefined;
    if (dateLabel === undefined) return;
    // the date's own column is there under its name: the rows tell whether their times are split (a review found a
    // file refused whose 受理时间 held times, beside a 受理时刻 repeating them)
    if (own && at !== undefined) {
      binding.timeOfDay.push({ key: spec.key, column: index });
      return;
    }
    const label = binding.labels[index] ?? name;
    binding.problems.push({
      file,
      row: header.row,
      column: label,
      value: label,
      reason: `列“${label}”与列“${dateLabel}”看来是同一个“${spec.zh}”分成了日期、时刻两列：请合为一列（列名“${spec.zh}”），写作 2018-12-03 08:05（Excel 中可用公式 =日期单元格+时刻单元格，单元格格式设为 yyyy-mm-dd hh:mm）`,
      reasonEn: `columns ${label} and ${dateLabel} look like one ${spec.key} split into a date and a time: join them in one column`,
    });
  });
  const unexplained = binding.missing.filter((spec) => !resembled.has(spec.key));
  // said first: what the file lacks comes before what to rename
  if (unexplained.length > 0)
    binding.problems.unshift(missingColumnsProblem(file, kind, header.row, { ...binding, missing: unexplained }, garbled(header.cells)));
  return binding;
}

/**
 * Does the row read as Chinese saved in UTF-8 and read back in another encoding (工单编号 as å·¥å•ç¼–å·: a CSV
 * opened in a spreadsheet without choosing UTF-8, then saved)? Its headers then match nothing, and the message must say
 * why, not only which columns are needed (a helper converted a UTF-8 CSV with LibreOffice's default and was told only
 * that no header was found). Two or more cells of Latin letters with accents in the pattern UTF-8's lead and
 * continuation bytes make (Ã¥, Ã§, Ã¦ …, or å¥, ç¼ …), and no Chinese.
 */
function garbled(cells: readonly unknown[]): boolean {
  const texts = cells.map((c) => (typeof c === "string" ? c : "")).filter((t) => t.trim() !== "");
  const mojibake = texts.filter(
    (t) =>
      !/\p{Script=Han}/u.test(t) &&
      /[\u00c2-\u00ef][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]/.test(t),
  );
  return mojibake.length >= 2;
}

/** A column's name with a note in brackets about a date or a time of day: 受理时间(时分), 办理时限（时间）. */
const SPLIT_TIME = /^(.+?)[(【〔]([^()[\]【】〔〕]*(?:时|分|秒|日期|年|月|日|hh|mm|time|date)[^()[\]【】〔〕]*)[)\]】〕]$/i;
/** A column of the time of day alone, named by what it is the time of: 受理时刻, 办结时分, 受理时间点. */
const TIME_OF_DAY = /^(.+?)(?:时刻|时分|时间点|具体时间)$/;
/** The field types that hold a date and a time of day. */
const TIME_TYPES: ReadonlySet<FieldType> = new Set<FieldType>(["datetime", "deadline", "date"]);

/** An extra column whose name resembles an optional column the file lacks: as headed, as stored, and the columns. */
export interface ResemblingColumn {
  column: string;
  /** the attribute name its values are stored by */
  name: string;
  fields: { key: string; zh: string }[];
}

/**
 * Names hotline platforms and hand-made sheets give a kind's columns, which are not read as the column (a name close to
 * another is not always the same column: 时限 may be a number of days). Where the file lacks the column: a required one
 * is refused with the name to write; an optional one is told of after the import — read as an extra column without a
 * word, 办结日期 left every order unclosed and 是否回访 every order unvisited, and the scores moved. Besides these, 是否X
 * for a yes/no column X (是否回访 for 已回访), and 日期 for 时间 and the other way round (办结日期). An optional column's
 * names here are only those that can hardly mean anything else: 办结方式 (电话答复), 类型 (普通, 紧急), 回访 (已回访-满意)
 * and 退回次数 (a unit's 回退, not the center's 退回重办) are other information of their own.
 */
const RESEMBLING: Readonly<Record<RecordKind, Readonly<Record<string, readonly string[]>>>> = {
  units: {
    code: ["编码", "单位代码", "代码", "单位编号"],
    name: ["名称", "单位"],
    category: ["单位类别", "单位类型", "分类", "类型"],
    fromMonth: ["起始月", "考核起始月份", "考核起始月", "开始月份"],
    untilMonth: ["截止月", "考核截止月份", "考核截止月", "结束月份"],
  },
  orders: {
    id: ["工单号", "工单编码", "工单ID", "受理编号", "受理号", "单号", "流水号", "编号"],
    unit: ["承办部门", "责任单位", "责任部门", "办理单位", "办理部门", "处理单位", "主办单位", "承办单位名称", "单位", "单位名称"],
    // not 渠道 nor 来源渠道: the channel (电话, 微信, 网站) is not the source (LOOK_ALIKES)
    source: ["工单来源", "诉求来源"],
    kind: ["诉求类别", "诉求分类"],
    receivedAt: ["来电时间", "登记时间", "创建时间"],
    dueAt: ["办理期限", "办结时限", "办结期限", "截止时间", "截止日期", "期限", "时限", "到期时间"],
    extendedTo: ["延期时间", "延期日期", "延期截止时间"],
    closedAt: ["办结完成时间", "办理完成时间"],
    delayExcused: ["超期说明认可"],
    returnAccepted: ["回退是否认可", "回退已认可"],
    redoCount: ["重办次数"],
    processSatisfaction: ["满意度", "办理过程满意度"],
    resultSatisfaction: ["满意度", "办理结果满意度"],
  },
  events: {
    id: ["编号", "事件号"],
    unit: ["单位名称", "责任单位", "承办单位"],
    date: ["事件日期", "发生日期", "查实日期"],
    type: ["类型", "事件类别"],
    points: ["扣分"],
    orderId: ["工单编号", "工单号"],
  },
  facts: {
    unit: ["单位名称"],
    year: ["年份"],
    item: ["考核事项", "项目", "指标"],
    value: ["结果", "完成情况", "数值"],
  },
  calendar: {
    type: ["安排"],
  },
};

/**
 * Required columns whose lack wants saying what they hold, and the columns of a file named like them that hold something
 * else, never read as them nor offered as a name to rename: the demo's own orders have 渠道 (电话, 微信, 网站) beside 来源
 * (县中心, 市中心), and a file without 来源 was told to rename 渠道 to 来源, which stores the channel as the source (a data
 * review). Names as `headerName` makes them.
 */
const MISSING_HINTS: Readonly<
  Partial<Record<RecordKind, Readonly<Record<string, { holds: string; lookAlikes: readonly string[]; other: string; absent: string; en: string }>>>>
> = {
  orders: {
    source: {
      holds: "工单从哪一级热线来，如 县中心、市中心、省热线（规则文件可声明来源清单）",
      lookAlikes: ["渠道", "来源渠道", "受理渠道", "诉求渠道", "来电渠道", "受理方式", "来电方式"],
      other: "电话、微信、网站等受理渠道",
      absent: "平台导出的文件没有来源列时（如工单都来自县中心），请加一列“来源”，每行写上来源（如 县中心）",
      en: "source is where the order came from (县中心, 市中心, 省热线), not the channel (电话, 微信, 网站); a platform export without it: add the column with the source on every row",
    },
  },
};

const resemblanceCache = new Map<RecordKind, ReadonlyMap<string, FieldSpec[]>>();

/** The kind's columns each resembling name (as `headerName` makes it) stands for. */
function resemblances(kind: RecordKind): ReadonlyMap<string, FieldSpec[]> {
  let map = resemblanceCache.get(kind);
  if (map) return map;
  const out = new Map<string, FieldSpec[]>();
  const add = (name: string, spec: FieldSpec) => {
    const key = headerName(name);
    if (fieldForHeader(kind, key) !== undefined) return;
    const specs = out.get(key) ?? [];
    if (!specs.includes(spec)) specs.push(spec);
    out.set(key, specs);
  };
  for (const spec of RECORD_FIELDS[kind]) {
    for (const name of RESEMBLING[kind][spec.key] ?? []) add(name, spec);
    if (spec.type === "boolean") {
      add(`是否${spec.zh.replace(/^已/, "")}`, spec);
      add(`是否${spec.zh}`, spec);
    }
    if (spec.zh.endsWith("时间")) add(`${spec.zh.slice(0, -2)}日期`, spec);
    if (spec.zh.endsWith("日期")) add(`${spec.zh.slice(0, -2)}时间`, spec);
  }
  map = out;
  resemblanceCache.set(kind, map);
  return map;
}

/**
 * The kind's columns an unknown column's name writes with a note in brackets (办结时间(实际)), with a word before it that
 * says it is the same thing as done (实际办结时间, 最终办结时间), or short of its last character (过程满意 for
 * 过程满意度). Not other words around it: 要求办结时间 is a deadline, 领导批示内容 and 超期说明 are text of their own.
 */
function containedNames(kind: RecordKind, name: string): FieldSpec[] {
  const key = headerKey(name);
  return RECORD_FIELDS[kind].filter((spec) => {
    const zh = headerKey(spec.zh);
    if (zh.length < 3 || key === zh) return false;
    if (key.startsWith(zh) && BRACKET_NOTE.test(key.slice(zh.length))) return true;
    if (key.endsWith(zh) && SAME_THING_DONE.test(key.slice(0, -zh.length))) return true;
    return zh.startsWith(key) && zh.length - key.length === 1;
  });
}
/** A note in brackets, the whole of what follows a name: (实际), （北京时间）, 【系统】 */
const BRACKET_NOTE = /^[([【〔<《][^()[\]【】〔〕<>《》]*[)\]】〕>》]$/;
/** Words before a column's name that say the value is the thing as it was done */
const SAME_THING_DONE = /^(?:实际|最终|确认|真实)$/;

/** A column whose name resembles one (or two: 满意度) of the columns the file lacks. */
function resemblingColumnProblem(file: string, row: number, label: string, specs: readonly FieldSpec[]): ImportProblem {
  const names = specs.map((spec) => `“${spec.zh}”`).join("或");
  const keys = specs.map((spec) => spec.key).join(" / ");
  const rename = specs.length === 1 ? `请把表头改为“${specs[0]?.zh}”（或英文列名 ${keys}）` : `请把表头改为其中之一（${names}）`;
  return {
    file,
    row,
    column: label,
    value: label,
    reason: `列“${label}”看来是${names}，但列名不同，没有按它读取：${rename}后重新导入；它若是另外的信息，请换一个不会混淆的列名`,
    reasonEn: `column "${label}" looks like ${keys} but is not read as ${specs.length === 1 ? "it" : "either"}: rename it to ${keys}, or to a name that cannot be confused`,
  };
}

/** The name of a later column headed as an earlier unknown one: `name(第n个)`, n its place among them, not a name taken. */
function repeatedAttributeName(name: string, seen: ReadonlyMap<string, number>): string {
  let n = 2;
  while (seen.has(headerName(`${name}（第${n}个）`))) n++;
  return headerName(`${name}（第${n}个）`);
}

/**
 * The header lacks required columns: which, on the row taken for the header. A row with none of the kind's columns
 * is no header at all: then the header was not found among the first rows.
 */
function missingColumnsProblem(file: string, kind: RecordKind, row: number, binding: HeaderBinding, looksGarbled = false): ImportProblem {
  const { missing } = binding;
  const recognised = Object.keys(binding.indexOf).length;
  const names = missing.map((spec) => `“${spec.zh}”`).join("、");
  const keys = missing.map((spec) => spec.key).join(", ");
  const where = "表头应是第一个写有列名的行（它上面的标题行可以保留）";
  if (recognised === 0) {
    const encoding = looksGarbled
      ? `第 ${row} 行的列名看来是乱码（如中文以 UTF-8 保存、却按其他编码读出后再保存）：请用原始文件重新导出，或在 Excel/WPS/LibreOffice 中打开 CSV 时选择“UTF-8”编码后再另存。`
      : "";
    return {
      file,
      row,
      column: "",
      value: "",
      reason: `${encoding}在前 ${HEADER_SEARCH_ROWS} 行中没有找到“${RECORD_KIND_LABELS[kind]}”文件的表头：${where}，必须有这些列：${names}（或英文列名 ${keys}）`,
      reasonEn: `no ${kind} header in the first ${HEADER_SEARCH_ROWS} rows: the header is the first row of column names (title rows above it may stay), with the columns ${keys}`,
    };
  }
  // what a missing column holds, and the file's column named like it that holds something else (渠道 for 来源)
  const hints = missing.flatMap((spec) => {
    const hint = MISSING_HINTS[kind]?.[spec.key];
    if (!hint) return [];
    const alike = binding.labels.filter((label, i) => binding.attributeAt[i] !== undefined && hint.lookAlikes.includes(headerName(label)));
    const notTaken =
      alike.length > 0 ? `文件中的列${alike.map((label) => `“${label}”`).join("、")}不是“${spec.zh}”，没有按它读取（它多是${hint.other}）；` : "";
    return [
      {
        zh: `。“${spec.zh}”是${hint.holds}；${notTaken}${hint.absent}`,
        en: `. ${hint.en}${alike.length > 0 ? ` (column ${alike.join(", ")} is not read as it)` : ""}`,
      },
    ];
  });
  return {
    file,
    row,
    column: missing.map((spec) => spec.zh).join("、"),
    value: "",
    reason: `第 ${row} 行看来是表头，但缺少必需的列${names}（或英文列名 ${keys}）：请补上这些列或改正列名；${where}${hints.map((h) => h.zh).join("")}`,
    reasonEn: `row ${row} looks like the header but lacks the required column${missing.length > 1 ? "s" : ""} ${keys}; the header is the first row of column names${hints.map((h) => h.en).join("")}`,
  };
}

/** Columns whose values are dates or numbers: a text with no digit in one is no value (年月日, 受理时间). */
const DATE_OR_NUMBER_TYPES: ReadonlySet<FieldType> = new Set(["datetime", "deadline", "date", "count0", "count1", "number", "year", "month"]);
const DIGIT = /[0-9０-９]/;
/** Excel's day serials of 1990-01-01 and 2100-01-01 */
const SERIAL_1990 = 32874;
const SERIAL_2100 = 73051;

/**
 * The texts that make the row after the header a second row of it, or `undefined` when it is a record. A header two
 * rows high (满意度 over 过程满意度 | 结果满意度, the other headers merged down both rows, so each of their cells shows its
 * name again; or, unmerged, a row of the lower names alone) is read with its first row as the header and its second
 * as a record. Its cells are column names: the row is taken for one when at least two of its non-empty cells, and at
 * least half, are header-like — a name of one of the kind's columns, its own column's header again, or text with no
 * digit where a date or number goes — and one at least is a column name (text with no digit alone is a bad value).
 * A record's cells are ids, units, dates and values, never the names of columns.
 */
export function secondHeaderRow(binding: HeaderBinding, cells: readonly Cell[]): string[] | undefined {
  let filled = 0;
  let headerLike = 0;
  let names = 0;
  const lower: string[] = [];
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i] ?? null;
    const text = cellText(cell).trim();
    if (text === "") continue;
    filled++;
    if (typeof cell !== "string") continue;
    const label = binding.labels[i] ?? "";
    const sameAsHeader = label !== "" && headerKey(text) === headerKey(label);
    const isName = sameAsHeader || fieldForHeader(binding.kind, text) !== undefined;
    const spec = binding.fieldAt[i];
    if (isName) names++;
    if (isName || (spec !== undefined && DATE_OR_NUMBER_TYPES.has(spec.type) && !DIGIT.test(text))) {
      headerLike++;
      if (!sameAsHeader) lower.push(text);
    }
  }
  if (names === 0 || headerLike < 2 || headerLike * 2 < filled) return undefined;
  return lower;
}

/**
 * Non-blank rows looked at for the header: exporters put a title or two above it (桓台县12345热线工单明细（2018年11月）),
 * a platform's query export its conditions too, a line each (受理时间：…, 承办单位：…, 工单状态：…: eleven rows were seen).
 */
export const HEADER_SEARCH_ROWS = 20;

/** Whether a row has every required column of `kind`, or of any kind when none is given. */
function isCompleteHeader(cells: readonly Cell[], kind: RecordKind | undefined): boolean {
  const { complete } = inspectHeader(cells);
  return kind === undefined ? complete.length > 0 : complete.includes(kind);
}

/**
 * Which of a file's first non-blank rows is its header: the first (of `HEADER_SEARCH_ROWS`) with every required
 * column of `kind` (of any kind when none is given); the rows above it are titles. When there is none, the likeliest:
 * the first that is another kind's header (so the file can be said to be of that kind), else the one with the most of
 * the kind's columns, else the first row. `undefined` while it cannot yet be told: fewer rows than are looked at and
 * the file not yet `ended`.
 */
export function findHeaderRow(rows: readonly RawRow[], kind: RecordKind | undefined, ended: boolean): number | undefined {
  const n = Math.min(rows.length, HEADER_SEARCH_ROWS);
  for (let i = 0; i < n; i++) {
    if (!isCompleteHeader((rows[i] as RawRow).cells, kind)) continue;
    // a header two rows high, its columns merged down both (满意度 over 过程满意度 | 结果满意度): the lower row shows every
    // column's name again with the names under the group, and is the header (no record holds every column's name)
    return i + 1 < rows.length && isCompleteHeader((rows[i + 1] as RawRow).cells, kind) ? i + 1 : i;
  }
  if (!ended && rows.length < HEADER_SEARCH_ROWS) return undefined;
  let best = 0;
  let bestCount = 0;
  for (let i = 0; i < n; i++) {
    const inspection = inspectHeader((rows[i] as RawRow).cells);
    if (inspection.complete.length > 0) return i;
    const count = Math.max(...inspection.matches.filter((m) => kind === undefined || m.kind === kind).map((m) => m.recognised));
    if (count > bestCount) {
      best = i;
      bestCount = count;
    }
  }
  return best;
}

/**
 * How well a sheet's first rows fit `kind` (any kind when none is given), to choose the sheet of a workbook that
 * holds the data and not its notes (说明): infinite when one of them is a complete header, else the most of the
 * kind's columns one of them has.
 */
export function headerFit(rows: readonly RawRow[], kind: RecordKind | undefined): number {
  let best = 0;
  for (const row of rows.slice(0, HEADER_SEARCH_ROWS)) {
    const inspection = inspectHeader(row.cells);
    if (kind === undefined ? inspection.complete.length > 0 : inspection.complete.includes(kind)) return Number.POSITIVE_INFINITY;
    for (const m of inspection.matches) if (kind === undefined || m.kind === kind) best = Math.max(best, m.recognised);
  }
  return best;
}

/**
 * Does a sheet whose header is not whole look like a table of `kind` all the same? It does when one of its first rows
 * is a header that would be read as that kind lacking columns (`HeaderInspection.likely`): every required column it
 * lacks has a look-alike there (受理日期 for 受理时间, 工单号 for 工单编号), or it lacks one only, beside three of the
 * kind's columns at least (a month's sheet whose 办理时限 was deleted). A summary sheet shares a column or two with the
 * data (承办单位, 来源 beside 工单数, 超期件数) and lacks the others with nothing like them: it does not, and is left
 * unread as before. A list of the orders themselves kept for analysis (超期工单 without 来源) does, and is refused
 * with the advice to hide it, as such a list with the whole header already is: a step more for its keeper, where
 * passing over a month's sheet lost its orders without a word. It does too when most of its first rows read as records
 * under the header of one of `tables` (the first rows of the workbook's sheets with the whole header: `readsAsRecordOf`),
 * with no header of its own: a long list split across sheets, its header on the first alone (a platform's export past
 * a sheet's rows, or a colleague's copy), whose second sheet was passed over and its orders lost without a word (a data
 * clerk's test). A summary's rows (唐山镇 | 2) do not: they leave most required columns empty.
 */
export function headerResembles(rows: readonly RawRow[], kind: RecordKind, tables: readonly (readonly RawRow[])[] = []): boolean {
  const leading = rows.slice(0, HEADER_SEARCH_ROWS);
  if (leading.some((row) => inspectHeader(row.cells).likely === kind)) return true;
  return tables.some((table) => {
    const binding = bindHeader("", kind, table[findHeaderRow(table, kind, true) ?? 0] as RawRow);
    const alike = leading.filter((row) => readsAsRecordOf(binding, row.cells)).length;
    return alike > 0 && alike * 2 > leading.length;
  });
}

/**
 * Does a row read as a record under a sheet's whole header: every required column filled, a date's or a number's
 * with digits, no cell beyond the header's columns, and no column's own name in its column (a header repeated is no
 * record). Rows of another sheet that do are the same table's, the same columns holding the same kinds of value.
 */
export function readsAsRecordOf(binding: HeaderBinding, cells: readonly Cell[]): boolean {
  if (binding.missing.length > 0) return false;
  for (let i = binding.width; i < cells.length; i++) if (cellText(cells[i] ?? null).trim() !== "") return false;
  for (const spec of RECORD_FIELDS[binding.kind]) {
    const at = binding.indexOf[spec.key];
    if (at === undefined) continue;
    const cell = cells[at] ?? null;
    const text = cellText(cell).trim();
    if (text === "") {
      if (spec.required) return false;
      continue;
    }
    // a number in a date's column is one when it is a day's serial (1990 to 2100): a summary's 受理量 120 is none (the
    // sheet 序号 | 单位 | 来源 | 受理量 | 超期量 beside the orders was taken for their continuation: a review)
    if (typeof cell === "number" && TIME_TYPES.has(spec.type) && !(cell >= SERIAL_1990 && cell < SERIAL_2100)) return false;
    if (typeof cell !== "string") continue;
    if (DATE_OR_NUMBER_TYPES.has(spec.type) && !DIGIT.test(text)) return false;
    if (fieldForHeader(binding.kind, text) === spec) return false;
  }
  return true;
}

/** How a header row compares with one kind of file. */
export interface HeaderKindMatch {
  kind: RecordKind;
  /** the kind's columns the header has (by Chinese name or English key) */
  recognised: number;
  /** the kind's required columns the header lacks (Chinese names) */
  missing: string[];
}

/** A header row against every kind of file: what each kind would lack, and the kind it is, when that can be told. */
export interface HeaderInspection {
  /** the header's non-empty labels, as written (trimmed) */
  labels: string[];
  /** the kind the header is (see `kindOfHeader`); undefined when none or a tie */
  kind: RecordKind | undefined;
  /** the kinds whose required columns are all there (two or more with the same count: it cannot be told) */
  complete: RecordKind[];
  /** every kind, in RECORD_KINDS order */
  matches: HeaderKindMatch[];
  /**
   * When no kind's required columns are all there: the one kind whose missing required columns are each named as
   * platforms name them (工单号 for 工单编号, 承办部门 for 承办单位): read as it, the file is told which columns to rename.
   */
  likely?: RecordKind;
}

export function inspectHeader(cells: readonly Cell[]): HeaderInspection {
  const labels = cells.map((cell) => cellText(cell).trim()).filter((label) => label !== "");
  let best: RecordKind | undefined;
  let bestCount = -1;
  let tie = false;
  const complete: RecordKind[] = [];
  const matches: HeaderKindMatch[] = [];
  for (const kind of RECORD_KINDS) {
    const keys = new Set<string>();
    for (const label of labels) {
      const spec = fieldForHeader(kind, label);
      if (spec) keys.add(spec.key);
    }
    const missing = RECORD_FIELDS[kind].filter((spec) => spec.required && !keys.has(spec.key)).map((spec) => spec.zh);
    matches.push({ kind, recognised: keys.size, missing });
    if (missing.length > 0) continue;
    complete.push(kind);
    if (keys.size > bestCount) {
      best = kind;
      bestCount = keys.size;
      tie = false;
    } else if (keys.size === bestCount) tie = true;
  }
  const inspection: HeaderInspection = { labels, kind: tie ? undefined : best, complete, matches };
  if (complete.length === 0) {
    const likely = matches.filter((m) => m.recognised > 0 && unresembledMissing(m.kind, labels) <= (m.recognised >= 3 ? 1 : 0));
    if (likely.length === 1) inspection.likely = likely[0]?.kind;
  }
  return inspection;
}

/**
 * How many required columns of `kind` the labels lack with none of their look-alikes among them (`resemblances`,
 * `containedNames`; or a column named like it that holds something else, `MISSING_HINTS`: 渠道 beside a missing 来源).
 * None: the file is that kind, its columns to rename; one, beside three of the kind's columns at least: the file is
 * that kind lacking the one (an orders file without 来源 was 无法判断是哪类数据, with every kind's columns listed).
 */
function unresembledMissing(kind: RecordKind, labels: readonly string[]): number {
  const names = labels.filter((label) => fieldForHeader(kind, label) === undefined).map((label) => headerName(label));
  const present = new Set(labels.map((label) => fieldForHeader(kind, label)?.key));
  return RECORD_FIELDS[kind]
    .filter((spec) => spec.required && !present.has(spec.key))
    .filter(
      (spec) =>
        !names.some(
          (name) => (resemblances(kind).get(name) ?? containedNames(kind, name)).includes(spec) || MISSING_HINTS[kind]?.[spec.key]?.lookAlikes.includes(name),
        ),
    ).length;
}

/**
 * The kind of file a header row is: the kind whose required columns are all
 * there (by Chinese name or English key). When the columns of more than one
 * kind are there, the kind with the most columns recognised; `undefined`
 * when none, or a tie.
 */
export function kindOfHeader(cells: readonly Cell[]): RecordKind | undefined {
  return inspectHeader(cells).kind;
}

/** The required columns of each kind of file, for messages: `责任单位：单位编码、单位名称、类别；工单：…`. */
export function requiredColumnsText(): { zh: string; en: string } {
  const required = (kind: RecordKind) => RECORD_FIELDS[kind].filter((spec) => spec.required);
  return {
    zh: RECORD_KINDS.map(
      (kind) =>
        `${RECORD_KIND_LABELS[kind]}：${required(kind)
          .map((spec) => spec.zh)
          .join("、")}`,
    ).join("；"),
    en: RECORD_KINDS.map(
      (kind) =>
        `${kind}: ${required(kind)
          .map((spec) => spec.key)
          .join(", ")}`,
    ).join("; "),
  };
}
