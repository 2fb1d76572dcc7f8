/** The record of past imports: one batch per file that changed something (an undone batch stays listed, marked). */
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
  undoable: true,
  undoneAt: true,
  undoneBy: true,
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
  /** what it changed was kept: it can be undone (unless something refuses it then) */
  undoable: boolean;
  /** undone: when and by whom */
  undoneAt: Date | null;
  undoneBy: string | null;
}

/** Newest first. */
export async function listImportBatches(store: Store, limit = 100): Promise<IsoDates<ImportBatch>[]> {
  const rows = await store.prisma.importBatch.findMany({ select: batchSelect, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: limit });
  return rows.map(withIsoDates);
}
