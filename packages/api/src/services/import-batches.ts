/** The record of past imports: one batch per file that changed something. */
import type { Store } from "@kaohe/db";
import type { ImportBatchSelect } from "./select.ts";
import { type IsoDates, withIsoDates } from "./serialize.ts";

const batchSelect = {
  id: true,
  kind: true,
  fileName: true,
  rows: true,
  inserted: true,
  updated: true,
  unchanged: true,
  createdBy: true,
  createdAt: true,
} as const satisfies ImportBatchSelect;

export interface ImportBatch {
  id: number;
  kind: string;
  fileName: string;
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  createdBy: string;
  createdAt: Date;
}

/** Newest first. */
export async function listImportBatches(store: Store, limit = 100): Promise<IsoDates<ImportBatch>[]> {
  const rows = await store.prisma.importBatch.findMany({ select: batchSelect, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: limit });
  return rows.map(withIsoDates);
}
