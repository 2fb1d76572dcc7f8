/**
 * Stores for the tests of a `describe`. `useRubricStore`: a store for one database of `databases` with a rubric published and two towns imported (新城镇 T1, 唐山镇 T2),
 * opened before the tests of a `describe` and closed after them: what the import-check tests start from.
 */
import { openStore, type Store } from "@kaohe/db";
import { type DatabaseTarget, useDatabase } from "@kaohe/db/testing";
import { afterAll, beforeAll } from "vitest";
import { type ImportReport, importData } from "../../src/import-warnings.ts";
import { createDraft, publishRubricVersion } from "../../src/rubrics.ts";

/** An empty store on one database of `databases`, opened before the tests of a `describe` and closed after them. */
export function useOpenStore(target: DatabaseTarget): () => Store {
  const database = useDatabase(target);
  let store: Store;
  beforeAll(async () => {
    if (target.unavailable) return;
    store = await openStore(database.url);
  });
  afterAll(async () => {
    await store?.close();
  });
  return () => store;
}

export function useRubricStore(
  target: DatabaseTarget,
  rubric: string,
  unitsFile: () => { path: string; name: string },
): { store: () => Store; run: (...files: { path: string; name: string }[]) => Promise<ImportReport> } {
  const database = useDatabase(target);
  let store: Store;
  const run = (...files: { path: string; name: string }[]) => importData(store, files, { actor: "导入员" });
  beforeAll(async () => {
    if (target.unavailable) return;
    store = await openStore(database.url);
    const draft = await createDraft(store, { text: rubric, author: "测试员" });
    await publishRubricVersion(store, draft.id, "测试员");
    const units = await run(unitsFile());
    if (!units.ok) throw new Error(JSON.stringify(units.problems));
  });
  afterAll(async () => {
    await store?.close();
  });
  return { store: () => store, run };
}
