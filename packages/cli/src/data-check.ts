/**
 * `kaohe check FILE --db URL`: the texts a rubric compares with a column of open values (诉求类型 = "咨询", a level of
 * levels(回访评价, …)) checked against the store's data as well (KH267, @kaohe/rules-dsl data-values.ts). Loaded only
 * when --db is given: a check without it does not load the store.
 */

import { columnValues, type Store } from "@kaohe/db";
import { type ColumnValues, checkRecordTexts, type Diagnostic, type RecordText, recordColumns } from "@kaohe/rules-dsl";
import { openExistingStore } from "./open-store.ts";

export interface DataChecker {
  /** the warnings, and whether any text was compared with values the data holds (none imported: nothing was) */
  diagnostics(texts: readonly RecordText[]): Promise<{ diagnostics: Diagnostic[]; compared: boolean }>;
  close(): Promise<void>;
}

export async function openDataChecker(url: string): Promise<DataChecker> {
  const store: Store = await openExistingStore(url);
  return {
    async diagnostics(texts) {
      if (texts.length === 0) return { diagnostics: [], compared: false };
      const values: ColumnValues = await columnValues(store.raw, recordColumns(texts));
      // a column with no value (nothing imported), or free text (more values than counted), is compared with nothing
      const compared = Object.values(values).some((v) => v.complete && v.values.length > 0);
      return { diagnostics: checkRecordTexts(texts, values), compared };
    },
    close: () => store.close(),
  };
}
