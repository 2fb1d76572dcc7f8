/**
 * What the editor knows about the names of a rubric, as pure functions of the
 * text and its syntax tree: the names it declares (with their kind, label and
 * line), the names that fit where the cursor is (completion), what a name
 * means (hover) and where it is declared (go to declaration). The CodeMirror
 * side is in rules-names.ts.
 *
 * Completion reads the text around the cursor, not only the tree: the line
 * being typed is usually the one the parser could not read.
 */
import {
  type BuiltinField,
  DayOfNextMonthWording,
  eventFields,
  type FunctionSpec,
  functions,
  keywordNames,
  keywordTable,
  orderFields,
  phraseTable,
  type Range,
  type Rubric,
  rankedBuiltins,
  recordBuiltins,
  unitBuiltins,
  type ValueType,
} from "@kaohe/rules-dsl";

type NameKind =
  | "category"
  | "event"
  | "fact"
  | "attribute"
  | "field"
  | "population"
  | "measure"
  | "rate"
  | "value"
  | "assessment"
  | "section"
  | "item"
  | "bonus"
  | "report"
  | "sanction"
  | "band"
  | "group";

/** The kinds as the manual names them. */
const kindLabels: Record<NameKind, string> = {
  category: "考核类别",
  event: "考核事件",
  fact: "事项（年度事实）",
  attribute: "扩展属性",
  field: "字段",
  population: "考核范围",
  measure: "指标",
  rate: "比率指标",
  value: "数值",
  assessment: "考核",
  section: "部分",
  item: "考核项",
  bonus: "加分项",
  report: "通报指标",
  sanction: "处理措施",
  band: "等次",
  group: "排名分组",
};

/** One name the rubric declares. */
export interface DeclaredName {
  name: string;
  kind: NameKind;
  /** the 说明 string written after the name */
  label: string | null;
  /** where the name is written in its declaration */
  from: number;
  to: number;
  /** 1-based line of the declaration */
  line: number;
  /** the record an attribute, field or population belongs to */
  record?: "orders" | "events";
  /** sections, items, reports, sanctions and bands: the assessment they belong to (its name and extent) */
  assessment?: { name: string; from: number; to: number };
  /** a short word on what the declaration says beyond its label ("每次扣 5 分", "是否") */
  detail?: string;
  /** the line the name is declared on, as written (shortened) */
  source: string;
}

const typeLabels: Record<ValueType, string> = { number: "数字", bool: "是否", datetime: "时间", text: "文本", any: "任意" };

/**
 * The offsets of `name` in the text of a declaration that keeps only the
 * statement's range (bands, sanctions, groups): the first whole word after
 * the keyword.
 */
function locate(text: string, range: Range, name: string): { from: number; to: number } {
  const start = range.start.offset;
  const slice = text.slice(start, Math.max(range.end.offset, start + 1));
  const re = new RegExp(`(?<![\\p{L}\\p{N}_])${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\p{L}\\p{N}_])`, "u");
  const m = re.exec(slice);
  return m ? { from: start + m.index, to: start + m.index + name.length } : { from: start, to: start };
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf("\n"); i >= 0 && i < offset; i = text.indexOf("\n", i + 1)) line++;
  return line;
}

const SOURCE_MAX = 120;

/** The line holding `offset`, trimmed, cut to SOURCE_MAX characters. */
function sourceLine(text: string, offset: number): string {
  const start = text.lastIndexOf("\n", offset - 1) + 1;
  const end = text.indexOf("\n", offset);
  const line = text.slice(start, end < 0 ? text.length : end).trim();
  return line.length > SOURCE_MAX ? `${line.slice(0, SOURCE_MAX - 1)}…` : line;
}

/** Every name the rubric declares, in the order written. */
export function declaredNames(ast: Rubric, text: string): DeclaredName[] {
  const out: DeclaredName[] = [];
  const at = (range: Range) => ({ from: range.start.offset, to: range.end.offset, line: range.start.line });
  const push = (name: string, kind: NameKind, label: string | null, where: { from: number; to: number; line?: number }, extra: Partial<DeclaredName> = {}) => {
    if (!name) return;
    out.push({
      name,
      kind,
      label,
      from: where.from,
      to: where.to,
      line: where.line ?? lineAt(text, where.from),
      source: sourceLine(text, where.from),
      ...extra,
    });
  };
  for (const d of ast.declarations) {
    switch (d.kind) {
      case "category":
        push(d.name, "category", d.label, at(d.nameRange));
        break;
      case "event":
        push(d.name, "event", d.label, at(d.nameRange), { detail: d.points === null ? "按记录的分值" : `每次 ${d.points} 分` });
        break;
      case "fact":
        push(d.name, "fact", d.label, at(d.nameRange), { detail: `${d.type === "yesno" ? "是否" : "数字"}${d.monthly ? "，按月" : ""}` });
        break;
      case "attribute":
        push(d.name, "attribute", d.label, at(d.nameRange), {
          record: d.record,
          detail: `${d.record === "orders" ? "工单" : "事件"}的${typeLabels[d.type === "yesno" ? "bool" : d.type]}属性`,
        });
        break;
      case "field":
        push(d.name, "field", d.label, at(d.nameRange), { record: d.record, detail: d.record === "orders" ? "工单字段" : "事件字段" });
        break;
      case "population":
        push(d.name, "population", d.label, at(d.nameRange), { record: d.record, detail: d.record === "orders" ? "工单" : "事件" });
        break;
      case "measure":
        push(d.name, "measure", d.label, at(d.nameRange), {
          detail: `${{ count: "计数", sum: "求和", avg: "求平均" }[d.aggregate]} ${d.population}`,
        });
        break;
      case "rate":
        push(d.name, "rate", d.label, at(d.nameRange));
        break;
      case "value":
        push(d.name, "value", d.label, at(d.nameRange));
        break;
      case "assessment": {
        push(d.name, "assessment", d.label, at(d.nameRange), { detail: d.schedule === "monthly" ? "按月考核" : "按年考核" });
        const assessment = { name: d.name, from: d.range.start.offset, to: d.range.end.offset };
        const item = (i: (typeof d.parts)[number] & { kind: "item" }) =>
          push(i.code, i.bonus ? "bonus" : "item", i.label, at(i.codeRange), { assessment, detail: i.bonus ? `最多 ${i.points} 分` : `${i.points} 分` });
        for (const p of d.parts) {
          if (p.kind === "item") item(p);
          else {
            push(p.code, "section", p.label, at(p.codeRange), { assessment, detail: p.points === null ? undefined : `${p.points} 分` });
            for (const i of p.items) item(i);
          }
        }
        for (const r of d.reports) push(r.name, "report", r.label, at(r.nameRange), { assessment });
        for (const s of d.sanctions) push(s.name, "sanction", s.label, locate(text, s.range, s.name), { assessment });
        for (const b of d.bands) push(b.name, "band", null, locate(text, b.range, b.name), { assessment });
        break;
      }
      case "ranking":
        for (const g of d.groups) push(g.name, "group", g.label, locate(text, g.range, g.name));
        break;
      default:
        break;
    }
  }
  return out;
}

// ---------------------------------------------------------------- words

const wordChar = /[\p{L}\p{N}_]/u;
const wordStart = /[\p{L}_]/u;

/** The identifier (name or keyword) at `pos` (touching it on either side), or null. */
export function wordAt(text: string, pos: number): { word: string; from: number; to: number } | null {
  let from = pos;
  let to = pos;
  while (from > 0 && wordChar.test(text[from - 1] as string)) from--;
  while (to < text.length && wordChar.test(text[to] as string)) to++;
  // a word starts with a letter: skip the digits of "1.1" or "30%"
  while (from < to && !wordStart.test(text[from] as string)) from++;
  if (from >= to) return null;
  return { word: text.slice(from, to), from, to };
}

/**
 * The name at `pos`: a word, or the numeric code of an item or section where it
 * is declared (`item 1.1 …`; such a code is not a word, and is never referred to).
 */
export function nameAt(text: string, pos: number, names: readonly DeclaredName[]): { word: string; from: number; to: number } | null {
  const w = wordAt(text, pos);
  if (w) return w;
  let from = pos;
  let to = pos;
  while (from > 0 && codeChar.test(text[from - 1] as string)) from--;
  while (to < text.length && codeChar.test(text[to] as string)) to++;
  const code = text.slice(from, to);
  return names.some((n) => n.from === from && n.to === to && n.name === code) ? { word: code, from, to } : null;
}

const codeChar = /[\p{L}\p{N}_.]/u;

/** Whether `pos` is inside a comment or a string (strings and comments never span lines). */
export function inCommentOrString(text: string, pos: number): boolean {
  const lineStart = text.lastIndexOf("\n", pos - 1) + 1;
  const before = text.slice(lineStart, pos);
  let inString = false;
  for (let i = 0; i < before.length; i++) {
    const ch = before[i];
    if (inString) {
      if (ch === "\\") i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === "#" || (ch === "/" && before[i + 1] === "/")) return true;
  }
  return inString;
}

/** Both spellings of a keyword, by its English one. */
function spellings(...en: string[]): Set<string> {
  return new Set(keywordTable.filter((k) => en.includes(k.en)).flatMap((k) => (k.zh ? [k.en, k.zh] : [k.en])));
}

const PER = spellings("per");
const AGGREGATES = spellings("count", "sum", "avg");
const FOR = spellings("for");
const SCHEDULES = spellings("monthly", "yearly");
const VOLUME = spellings("volume");
const ORDERS = spellings("orders");
const EVENTS = spellings("events");
const POPULATION = spellings("population");
const MEASURE = spellings("measure");
const SANCTION = spellings("sanction");
const BAND = spellings("band");
const IF = spellings("if");
const RANKING = spellings("ranking");
const REPORT = spellings("report");
const VETO = spellings("veto");
const THEN = spellings("then");
const AND = spellings("and");
/** Keywords after which a new name is written: nothing to complete there. */
const DECLARING = spellings(
  "category",
  "event",
  "fact",
  "field",
  "attribute",
  "population",
  "measure",
  "rate",
  "value",
  "item",
  "bonus",
  "section",
  "sanction",
  "band",
);
const IN_WORDS = new Set([...spellings("in"), "不属于"]);

/** Strip strings and comments from a line (they hold no braces or names that count). */
function code(line: string): string {
  let out = "";
  let inString = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if (inString) {
      if (ch === "\\") i++;
      else if (ch === '"') inString = false;
      out += " ";
    } else if (ch === '"') {
      inString = true;
      out += " ";
    } else if (ch === "#" || (ch === "/" && line[i + 1] === "/")) break;
    else out += ch;
  }
  return out;
}

const firstWord = (line: string) => /^\s*([\p{L}_][\p{L}\p{N}_]*)/u.exec(line)?.[1] ?? "";

/** The first words of the lines that open the blocks around `pos`, innermost first (`orders`, `item`, `monthly` …), and the assessment's name. */
function openBlocks(text: string, pos: number): { words: string[]; assessment: string | null } {
  const lines = text.slice(0, pos).split("\n");
  const words: string[] = [];
  let assessment: string | null = null;
  let depth = 0;
  for (let n = lines.length - 1; n >= 0; n--) {
    const line = code(lines[n] as string);
    for (let i = line.length - 1; i >= 0; i--) {
      if (line[i] === "}") depth++;
      else if (line[i] === "{") {
        if (depth > 0) depth--;
        else {
          const w = firstWord(line);
          words.push(w);
          if (SCHEDULES.has(w) && assessment === null) assessment = /^\s*[\p{L}_][\p{L}\p{N}_]*\s+([\p{L}_][\p{L}\p{N}_]*)/u.exec(line)?.[1] ?? null;
        }
      }
    }
  }
  return { words, assessment };
}

// ---------------------------------------------------------------- completion

/** What fits where the cursor is. */
export type CompletionSite =
  /** in `事件类型 in [...]`; after `per`/`每` (`measures`: a count, rate or value may follow too, `deduct 2 per 超期件数`) */
  | { kind: "events"; measures?: true }
  /** after `count`/`sum`/`avg` */
  | { kind: "populations" }
  /** after `for`/`适用于`, or comparing 类别 */
  | { kind: "categories" }
  /** in `ranking { monthly … }` */
  | { kind: "assessments" }
  /** `volume`, `order by`, `report`: a measure, rate or value */
  | { kind: "measures" }
  /** a new name is being declared */
  | { kind: "none" }
  /** a veto's outcome, after `then` or `and` (`band`, `last`, `zero`): these keywords only */
  | { kind: "outcome"; keywords: readonly string[] }
  /** after a veto's `then band`: the assessment's bands */
  | { kind: "bands"; assessment: string | null }
  /** an expression about one order or event */
  | { kind: "record"; record: "orders" | "events" }
  /** an expression about a unit (measures, rates, values, facts, the assessment's items…) */
  | { kind: "unit"; assessment: string | null; ranked: boolean }
  /** nothing tells: any name */
  | { kind: "any" };

/** Where the word being typed at `pos` (which starts at `from`) stands. */
export function completionSite(text: string, from: number, names: readonly DeclaredName[]): CompletionSite {
  const lineStart = text.lastIndexOf("\n", from - 1) + 1;
  const before = code(text.slice(lineStart, from));
  const words = before.match(/[\p{L}_][\p{L}\p{N}_]*/gu) ?? [];
  const prev = /([\p{L}_][\p{L}\p{N}_]*)\s*$/u.exec(before)?.[1] ?? "";
  const lead = words[0] ?? "";
  const { words: blocks, assessment } = openBlocks(text, lineStart);

  if (PER.has(prev)) return { kind: "events", measures: true };
  // `veto "…" if … then band 不合格 and last`
  if (VETO.has(lead) && words.some((w) => THEN.has(w))) {
    if (THEN.has(prev) || AND.has(prev)) return { kind: "outcome", keywords: ["band", "last", "zero"] };
    if (BAND.has(prev)) return { kind: "bands", assessment };
  }
  if (AGGREGATES.has(prev)) return { kind: "populations" };
  if (DECLARING.has(prev) && prev === lead) return { kind: "none" };
  // `report 重办率`: a declared measure, rate or value shown as it is (or a new name with `= …`)
  if (REPORT.has(prev) && prev === lead) return { kind: "measures" };
  if (SCHEDULES.has(prev) && prev === lead) return blocks.some((b) => RANKING.has(b)) ? { kind: "assessments" } : { kind: "none" };
  // `事件类型 in [行政不作为, …`, `类别 not in [镇, …`
  const open = before.lastIndexOf("[");
  if (open >= 0 && !before.slice(open).includes("]")) {
    const ws = before.slice(0, open).match(/[\p{L}_][\p{L}\p{N}_]*/gu) ?? [];
    const [a, b, c] = [ws.at(-3), ws.at(-2), ws.at(-1)];
    const subject = c && IN_WORDS.has(c) ? (b === "not" || b === "非" ? a : b) : undefined;
    if (subject === "事件类型" || subject === "type") return { kind: "events" };
    if (subject === "类别" || subject === "category") return { kind: "categories" };
  }
  if (/(?:^|[^\p{L}\p{N}_])(?:事件类型|type)\s*(?:=|!=|≠)\s*$/u.test(before)) return { kind: "events" };
  if (/(?:^|[^\p{L}\p{N}_])(?:类别|category)\s*(?:=|!=|≠)\s*$/u.test(before)) return { kind: "categories" };
  // `for 镇, 街道` (items and sections), `minimum volume 2 for 小件量`
  const forAt = words.findIndex((w) => FOR.has(w));
  if (forAt >= 0 && /^[\s,，、\p{L}\p{N}_]*$/u.test(before.slice(before.lastIndexOf(words[forAt] as string) + (words[forAt] as string).length))) {
    return { kind: "categories" };
  }

  const inRanking = blocks.some((b) => RANKING.has(b));
  if (inRanking && (VOLUME.has(lead) || lead === "order" || lead === "排序")) return { kind: "measures" };

  if (blocks.some((b) => ORDERS.has(b))) return { kind: "record", record: "orders" };
  if (blocks.some((b) => EVENTS.has(b))) return { kind: "record", record: "events" };
  if (POPULATION.has(lead)) {
    if (words.some((w) => EVENTS.has(w))) return { kind: "record", record: "events" };
    if (words.some((w) => ORDERS.has(w))) return { kind: "record", record: "orders" };
  }
  if (MEASURE.has(lead)) {
    const agg = words.findIndex((w) => AGGREGATES.has(w));
    const population = agg >= 0 ? names.find((n) => n.kind === "population" && n.name === words[agg + 1]) : undefined;
    if (population?.record) return { kind: "record", record: population.record };
  }
  // a sanction's condition, or a band's by rank (band 优秀 if 名次 <= …), reads the values known after ranking
  if (assessment !== null || inRanking) return { kind: "unit", assessment, ranked: SANCTION.has(lead) || (BAND.has(lead) && words.some((w) => IF.has(w))) };
  if (/^(rate|value|比率指标|数值|fact|事项)$/u.test(lead)) return { kind: "unit", assessment: null, ranked: false };
  return { kind: "any" };
}

/** One name offered: the rubric's own or a built-in one. */
export interface NameOption {
  label: string;
  /** kind in Chinese: 指标, 考核事件, 内置工单字段 … */
  kindLabel: string;
  kind: NameKind | "builtin" | "function";
  /** the 说明 string, or what a built-in means */
  info: string | null;
  detail?: string;
  line?: number;
}

function declared(n: DeclaredName): NameOption {
  return { label: n.name, kindLabel: kindLabels[n.kind], kind: n.kind, info: n.label, detail: n.detail, line: n.line };
}

function builtin(f: BuiltinField, what: string): NameOption {
  return { label: f.zh, kindLabel: what, kind: "builtin", info: `${typeLabels[f.type]}（${f.key}）` };
}

/** A function under its name, and under its Chinese name where it has one (组内名次 for group_rank: typed 组内, it was not offered). */
function fn(f: FunctionSpec): NameOption[] {
  const option: NameOption = { label: f.name, kindLabel: "内置函数", kind: "function", info: f.zh, detail: signature(f) };
  return f.zhName ? [option, { ...option, label: f.zhName, detail: signature(f).replace(f.name, f.zhName) }] : [option];
}

/** The names that fit `site`, those declared first, in the order written. */
function namesForSite(site: CompletionSite, names: readonly DeclaredName[]): NameOption[] {
  const of = (...kinds: NameKind[]) => names.filter((n) => kinds.includes(n.kind)).map(declared);
  switch (site.kind) {
    case "events":
      // the events first: `deduct per 行政不作为` is the common case
      return site.measures ? [...of("event"), ...of("measure", "rate", "value")] : of("event");
    case "populations":
      return of("population");
    case "categories":
      return [...of("category", "group")];
    case "assessments":
      return of("assessment");
    case "measures":
      return of("measure", "rate", "value");
    case "none":
    case "outcome":
      return [];
    case "bands":
      return names.filter((n) => n.kind === "band" && (site.assessment === null || n.assessment?.name === site.assessment)).map(declared);
    case "record": {
      const fields = site.record === "orders" ? orderFields : eventFields;
      return [
        ...names.filter((n) => (n.kind === "field" || n.kind === "attribute") && n.record === site.record).map(declared),
        ...fields.map((f) => builtin(f, site.record === "orders" ? "内置工单字段" : "内置事件字段")),
        ...recordBuiltins.map((f) => builtin(f, "内置值")),
        ...(site.record === "events" ? of("event") : []),
        ...functions.filter((f) => f.level !== "unit").flatMap(fn),
      ];
    }
    case "unit": {
      // another assessment may be read, not the one being written (a cycle), nor a yearly one in a monthly (KH237)
      const monthly = names.some((n) => n.kind === "assessment" && n.name === site.assessment && n.detail === "按月考核");
      const readable = (n: DeclaredName) => n.name !== site.assessment && !(monthly && n.detail === "按年考核");
      return [
        ...names
          .filter(
            (n) =>
              n.kind === "measure" ||
              n.kind === "rate" ||
              n.kind === "value" ||
              n.kind === "fact" ||
              (n.kind === "assessment" && readable(n)) ||
              ((n.kind === "item" || n.kind === "bonus" || n.kind === "section") && n.assessment?.name === site.assessment),
          )
          .map(declared),
        ...unitBuiltins.map((f) => builtin(f, "内置单位值")),
        ...(site.ranked ? rankedBuiltins.map((f) => builtin(f, "排名后的值")) : []),
        ...functions.filter((f) => f.level !== "record").flatMap(fn),
      ];
    }
    case "any": {
      const seen = new Set<string>();
      return names
        .filter((n) => n.kind !== "sanction" && n.kind !== "band")
        .filter((n) => !seen.has(n.name) && seen.add(n.name))
        .map(declared);
    }
  }
}

/**
 * The names to offer for the word `typed` at `site`: those beginning with it
 * first, then those containing it (Chinese names are often found by their
 * middle: 满意 → 过程满意数).
 */
export function nameCompletions(typed: string, site: CompletionSite, names: readonly DeclaredName[]): NameOption[] {
  const options = namesForSite(site, names);
  if (!typed) return options;
  const starts = options.filter((o) => o.label.startsWith(typed) && o.label !== typed);
  const contains = options.filter((o) => !o.label.startsWith(typed) && o.label.includes(typed));
  return [...starts, ...contains];
}

/** Whether, at `site`, keywords are offered beside the names: every keyword, or only these (by their English spelling). */
export function keywordsFit(site: CompletionSite): boolean | readonly string[] {
  if (site.kind === "outcome") return site.keywords;
  return site.kind !== "events" && site.kind !== "populations" && site.kind !== "categories" && site.kind !== "assessments" && site.kind !== "bands";
}

// ---------------------------------------------------------------- hover and declaration

const levelLabels: Record<FunctionSpec["level"], string> = { any: "任何表达式", unit: "单位层面", record: "记录层面（工单、事件）" };

/** A function's signature as the manual writes it (its registry entry's `params`): `round(x, 位数)`. */
function signature(f: FunctionSpec): string {
  return `${f.name}(${f.params})`;
}

/** What hovering a word shows. */
export interface HoverInfo {
  from: number;
  to: number;
  /** 指标, 内置函数, 内置工单字段 … */
  kindLabel: string;
  name: string;
  /** declared names: the 说明 string; built-ins: what they mean */
  label: string | null;
  detail?: string;
  /** declared names: the line of the declaration, and that line as written */
  line?: number;
  source?: string;
  /** functions and keywords: what to search the manual for */
  manualQuery?: string;
}

/** The declaration a word at `pos` refers to: the one in the same assessment first (items of two assessments may share a code). */
function resolve(names: readonly DeclaredName[], word: string, pos: number): DeclaredName | undefined {
  const candidates = names.filter((n) => n.name === word);
  return candidates.find((n) => n.assessment && n.assessment.from <= pos && pos <= n.assessment.to) ?? candidates.find((n) => !n.assessment) ?? candidates[0];
}

const builtinGroups: [readonly BuiltinField[], string][] = [
  [orderFields, "内置工单字段"],
  [eventFields, "内置事件字段"],
  [recordBuiltins, "内置值（记录层面）"],
  [unitBuiltins, "内置值（单位层面）"],
  [rankedBuiltins, "排名后的值（只用于处理措施）"],
];

/** What the name or function at `pos` is, or null (keywords, literals, comments, unknown names). */
export function hoverAt(text: string, pos: number, names: readonly DeclaredName[]): HoverInfo | null {
  if (inCommentOrString(text, pos)) return null;
  const w = nameAt(text, pos, names);
  if (!w) return null;
  const d = resolve(names, w.word, pos);
  if (d) return { from: w.from, to: w.to, kindLabel: kindLabels[d.kind], name: d.name, label: d.label, detail: d.detail, line: d.line, source: d.source };
  const f = functions.find((x) => x.name === w.word);
  if (f && /^\s*[(（]/u.test(text.slice(w.to))) {
    return { from: w.from, to: w.to, kindLabel: "内置函数", name: signature(f), label: f.zh, detail: `用于${levelLabels[f.level]}`, manualQuery: `${f.name}(` };
  }
  if (keywordNames.has(w.word) || w.word.startsWith(DayOfNextMonthWording.head)) return keywordHover(w);
  for (const [fields, what] of builtinGroups) {
    const b = fields.find((x) => x.zh === w.word || x.key === w.word);
    if (b) return { from: w.from, to: w.to, kindLabel: what, name: b.zh, label: null, detail: `${typeLabels[b.type]}，英文名 ${b.key}` };
  }
  return null;
}

/** A keyword: its other spelling (a file may be written with either; `kaohe fmt --keywords` turns one into the other). */
function keywordHover(w: { word: string; from: number; to: number }): HoverInfo | null {
  const k = keywordTable.find((x) => x.en === w.word || x.zh === w.word);
  const phrase = k ? undefined : phraseTable.find((p) => p.zh === w.word);
  if (k) {
    const other = w.word === k.en ? k.zh : k.en;
    return {
      from: w.from,
      to: w.to,
      kindLabel: "关键词",
      name: w.word,
      label: null,
      detail: other ? (w.word === k.en ? `中文写作 ${other}` : `英文写作 ${other}`) : "只有英文写法",
    };
  }
  if (phrase) return { from: w.from, to: w.to, kindLabel: "关键词", name: w.word, label: null, detail: `英文写作 ${phrase.en}`, manualQuery: phrase.zh };
  // 考核截至次月 of 考核截至次月 5 日 (a word as the editor reads words), or the whole when written 考核截至次月5日
  if (w.word.startsWith(DayOfNextMonthWording.head)) {
    return {
      from: w.from,
      to: w.to,
      kindLabel: "关键词",
      name: DayOfNextMonthWording.zh,
      label: null,
      detail: `英文写作 ${DayOfNextMonthWording.en}；考核时点为次月第 N 日 24 时（N 是 1 到 28）`,
      manualQuery: DayOfNextMonthWording.zh,
    };
  }
  return null;
}

/** Where the name at `pos` is declared (the name in its declaration), or null. */
export function declarationAt(text: string, pos: number, names: readonly DeclaredName[]): DeclaredName | null {
  if (inCommentOrString(text, pos)) return null;
  const w = nameAt(text, pos, names);
  if (!w) return null;
  return resolve(names, w.word, pos) ?? null;
}
