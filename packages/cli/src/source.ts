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
  currentPublicationOnly,
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
  /**
   * whether the period is published and, if so, whether the data now would give other results (with --db; null from
   * files); `other`: the assessment shown is not the one published (季度考核 beside 月度考核), which is said instead;
   * `file`: the rubric file the table (`shown`) is scored with (--rubric), not the version the period is published
   * under: the table is compared with the publication
   */
  publicationText(period: string, other?: OtherAssessment, file?: { file: string; shown: AssessmentResult }): Promise<string | null>;
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
    async publicationText(period, other, file) {
      if (other) {
        // a quarter's months, each published (or not) on its own; a month's or a year's own period
        const periods = other.months.length > 0 ? other.months : [period];
        const published = await Promise.all(periods.map(async (p) => [p, (await currentPublicationOnly(store, p)) !== null] as const));
        return otherAssessmentLine(other, published);
      }
      return publicationLines(await publicationFreshness(store, period, file?.shown), file?.file);
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

/** An assessment scored beside the one published: its name and the published one's, as a reader reads them ("季度考核（各月平均）"). */
interface OtherAssessment {
  shown: string;
  /** null: the rubric's ranking names none for this kind of period */
  published: string | null;
  /** the months the shown assessment counts (a quarter's three), empty when it is of the period asked alone */
  months: readonly string[];
}

/**
 * The 发布情况 of an assessment that is not the one published (`--assessment 季度考核`): a month or a year publishes its
 * main assessment alone, so this one has no publication of its own to be in step with — said, as the console's ranking
 * page says it, with whether the period's published one is (the line was left out, a quarter's table reading as if
 * there were nothing to say: another city's rubric author).
 */
function otherAssessmentLine(other: OtherAssessment, periods: readonly (readonly [string, boolean])[]): string {
  const main = other.published === null ? "主考核" : `“${other.published}”`;
  const which = (done: boolean) => periods.filter(([, p]) => p === done).map(([p]) => p);
  const status = [
    ...(which(true).length > 0 ? [`${which(true).join("、")} 已发布`] : []),
    ...(which(false).length > 0 ? [`${which(false).join("、")} 尚未发布`] : []),
  ].join("，");
  return `发布情况：“${other.shown}”不单独发布，以下为按当前数据计算的结果，仅供查看；发布、通报和导出的是${main}的结果（${status}）`;
}

/**
 * "已发布（…）" or "尚未发布", and a line when the data or the version in force now would give other results. `file`: the
 * table below is scored with a rubric file (--rubric), said in the line: the publication's 规则 read as the table's
 * (a file of the same name and version, rounded otherwise, gave other scores under "已发布": a tester's walk).
 */
function publicationLines(f: Awaited<ReturnType<typeof publicationFreshness>>, file?: string): string {
  if (!f) return `发布情况：本期尚未发布（以下为${file ? `按规则文件 ${file} 和当前数据计算的结果，仅供查看` : "按当前数据计算的预览"}）`;
  const p = f.publication;
  const published = `发布情况：已发布（${p.publishedBy}，${formatLocal(p.publishedAt.getTime())}，规则 ${p.rubric.name}（${p.rubric.version}））`;
  const changed = f.differences.length;
  if (file) {
    // the file's table against the publication (the data's change since, if any, is part of the difference)
    const since = f.dataUnchanged ? "" : "（数据在发布后也有变动）";
    return [
      `${published}；以下按规则文件 ${file} 计算，不是已发布的结果，仅供查看`,
      changed > 0
        ? `注意：按规则文件计算，有 ${changed} 家单位的得分或名次与已发布结果不同${since}`
        : `按规则文件计算，各单位的得分和名次与已发布结果相同${since}`,
    ].join("\n");
  }
  const lines = [published];
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
