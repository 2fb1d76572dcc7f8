/**
 * Where the command line reads its data from: a folder of import files
 * (`--data DIR`, scored in memory) or the store (`--db URL`, measures pushed
 * down to SQL). Both give the engine the same ScoringData.
 */
import type { Dataset } from "@kaohe/data";
import { eventFromRow, openStore, orderFromRow, type Store } from "@kaohe/db";
import type { CompiledRubric, ScoringData } from "@kaohe/rules-engine";
import { compileVersion, scoringData as storeScoringData, versionInForce } from "@kaohe/services";
import { CliError } from "./errors.ts";
import { readData, readRubric, scoringData } from "./load.ts";

export interface Source {
  data: ScoringData;
  /** the rubric given with --rubric, or (with --db) the published version in force */
  rubric(file: string | undefined, period: string): Promise<CompiledRubric>;
  /** the orders and events with these ids (for explanations) */
  records(ids: readonly string[]): Promise<Pick<Dataset, "orders" | "events">>;
  close(): Promise<void>;
}

export async function openSource(opts: { data?: string; db?: string; json?: boolean }): Promise<Source> {
  if (opts.data && opts.db) throw new CliError("--data 与 --db 只能选一个 / give either --data or --db");
  if (opts.db) {
    const store = await openStore(opts.db);
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
    async records() {
      return dataset;
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
    async records(ids) {
      const list = [...new Set(ids)].slice(0, 5000);
      if (list.length === 0) return { orders: [], events: [] };
      const ph = list.map((_, i) => (store.raw.provider === "sqlite" ? "?" : `$${i + 1}`)).join(", ");
      const orders = await store.raw.query(`SELECT * FROM "orders" WHERE "id" IN (${ph})`, list);
      const events = await store.raw.query(`SELECT * FROM "events" WHERE "id" IN (${ph})`, list);
      return { orders: orders.map(orderFromRow), events: events.map(eventFromRow) };
    },
    close: () => store.close(),
  };
}
