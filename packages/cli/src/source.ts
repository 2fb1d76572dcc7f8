/**
 * Where the command line reads its data from: a folder of import files
 * (`--data DIR`, scored in memory) or the store (`--db URL`, measures pushed
 * down to SQL). Both give the engine the same ScoringData.
 */
import type { Dataset } from "@kaohe/data";
import { eventFromRow, orderFromRow, readCalendar, type Store } from "@kaohe/db";
import { type AssessmentResult, type CompiledRubric, formatLocal, type PeriodWarning, type ScoringData } from "@kaohe/rules-engine";
import {
  compileVersion,
  dataBeforeAsOf,
  openPastData,
  publicationFreshness,
  scoringData as storeScoringData,
  versionInForce,
  yearDataBeforeAsOf,
  yearOpenPastData,
} from "@kaohe/services";
import { CliError } from "./errors.ts";
import { readData, readRubric, scoringData } from "./load.ts";
import { openExistingStore } from "./open-store.ts";

export interface Source {
  data: ScoringData;
  /** the rubric given with --rubric, or (with --db) the published version in force */
  rubric(file: string | undefined, period: string): Promise<CompiledRubric>;
  /** whether the period is published and, if so, whether the data now would give other results (with --db; null from files) */
  publicationText(period: string): Promise<string | null>;
  /** the orders and events with these ids (for explanations), and the holiday calendar the rubric's own fields of them read */
  records(ids: readonly string[]): Promise<Pick<Dataset, "orders" | "events" | "calendar">>;
  /**
   * What the data says beside the table: events of a type the rubric does not declare, in the period (a folder's: an
   * import says so when it stores them), and a month whose data ends before its assessment time (both; the console's
   * ranking says it too)
   */
  notes(rubric: CompiledRubric, result: AssessmentResult, unit?: string): Promise<DataNote[]>;
  close(): Promise<void>;
}

/** A warning about the data read, beside the period's own (AssessmentResult.warnings): `score --json` lists both. */
type DataNote =
  | {
      code: "undeclared-event-type";
      type: string;
      count: number;
      zh: string;
      en: string;
    }
  | Extract<PeriodWarning, { code: "data-before-as-of" }>;

/** A month's: its data ends before its assessment time (services' dataBeforeAsOf); a year's, each month's it averages. */
const monthly = (result: AssessmentResult) => result.assessment.schedule === "monthly";
const asNotes = (w: PeriodWarning | null): DataNote[] => (w?.code === "data-before-as-of" ? [w] : []);

/** Events of the period whose type the rubric declares no `event` for: counted by nothing, each type said once. */
function undeclaredEventNotes(rubric: CompiledRubric, events: Dataset["events"], result: AssessmentResult): DataNote[] {
  const left = new Map<string, number>();
  for (const e of events) {
    if (e.date < result.window.start || e.date >= result.window.end) continue;
    if (rubric.symbols.global.get(e.type)?.kind === "event") continue;
    left.set(e.type, (left.get(e.type) ?? 0) + 1);
  }
  return [...left].map(([type, count]) => ({
    code: "undeclared-event-type",
    type,
    count,
    zh: `${count} 个事件的类型“${type}”未在规则中声明（event），不计分：类型写错的请改正，应计分的请在规则中声明`,
    en: `${count} event(s) of type ${type}, which the rubric does not declare, score nothing`,
  }));
}

export async function openSource(opts: { data?: string; db?: string; json?: boolean }): Promise<Source> {
  if (opts.data && opts.db) throw new CliError("--data 与 --db 只能选一个 / give either --data or --db");
  if (opts.db) {
    const store = await openExistingStore(opts.db);
    return storeSource(store, await storeScoringData(store));
  }
  if (!opts.data) throw new CliError("请用 --data 文件夹 或 --db 数据库地址 指明数据 / give --data DIR or --db URL");
  const dataset = await readData(opts.data, !opts.json);
  return {
    data: scoringData(dataset),
    async rubric(file) {
      if (!file) throw new CliError("请用 --rubric 指明规则文件 / give --rubric FILE");
      return readRubric(file);
    },
    async publicationText() {
      return null;
    },
    async records() {
      return dataset;
    },
    async notes(rubric, result, unit) {
      const cutoff = monthly(result) ? openPastData(dataset.orders, result, unit) : yearOpenPastData(dataset.orders, rubric, result, unit);
      return [...undeclaredEventNotes(rubric, dataset.events, result), ...asNotes(cutoff)];
    },
    async close() {},
  };
}

function storeSource(store: Store, data: ScoringData): Source {
  return {
    data,
    async rubric(file, period) {
      if (file) return readRubric(file);
      return compileVersion(await versionInForce(store, period));
    },
    async publicationText(period) {
      return publicationLines(await publicationFreshness(store, period));
    },
    async records(ids) {
      const list = [...new Set(ids)].slice(0, 5000);
      if (list.length === 0) return { orders: [], events: [], calendar: [] };
      const ph = list.map((_, i) => (store.raw.provider === "sqlite" ? "?" : `$${i + 1}`)).join(", ");
      const orders = await store.raw.query(`SELECT * FROM "orders" WHERE "id" IN (${ph})`, list);
      const events = await store.raw.query(`SELECT * FROM "events" WHERE "id" IN (${ph})`, list);
      return { orders: orders.map(orderFromRow), events: events.map(eventFromRow), calendar: await readCalendar(store.raw) };
    },
    // the import told of undeclared event types when it stored them
    notes: async (rubric, result, unit) =>
      asNotes(monthly(result) ? await dataBeforeAsOf(store, result, unit) : await yearDataBeforeAsOf(store, rubric, result, unit)),
    close: () => store.close(),
  };
}

/** "已发布（…）" or "尚未发布", and a line when the data or the version in force now would give other results. */
function publicationLines(f: Awaited<ReturnType<typeof publicationFreshness>>): string {
  if (!f) return "发布情况：本期尚未发布（以下为按当前数据计算的预览）";
  const p = f.publication;
  const lines = [`发布情况：已发布（${p.publishedBy}，${formatLocal(p.publishedAt.getTime())}，规则 ${p.rubric.name}（${p.rubric.version}））`];
  const changed = f.differences.length;
  if (f.versionInForce || changed > 0) {
    const why = f.versionInForce ? `施行中的规则已是 ${f.versionInForce.name}（${f.versionInForce.version}）` : "数据在发布后有变动";
    lines.push(
      changed > 0
        ? `注意：${why}，按当前数据计算有 ${changed} 家单位的得分或名次与已发布结果不同；如需更正，请在控制台重新发布并填写原因`
        : `注意：${why}，但各单位的得分和名次与已发布结果相同`,
    );
  }
  return lines.join("\n");
}
