/**
 * Select shapes typed against the store's Prisma client: @kaohe/db does not
 * re-export Prisma's namespace, so the `…Select` types are taken from the
 * model delegates themselves.
 */
import type { Store } from "@kaohe/db";

type Prisma = Store["prisma"];
type SelectOf<F extends (args: never) => unknown> = NonNullable<NonNullable<Parameters<F>[0]> extends { select?: infer S } ? S : never>;

export type UnitSelect = SelectOf<Prisma["unit"]["findMany"]>;
export type ImportBatchSelect = SelectOf<Prisma["importBatch"]["findMany"]>;
