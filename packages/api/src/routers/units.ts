/** The units being assessed. */
import { earliestDataMonth, latestDataMonth, listCategories, listUnits } from "@kaohe/services";
import { procedure, router } from "../trpc.ts";

const signedIn = procedure.meta({ permission: "signedIn" });

export const unitsRouter = router({
  /** Every unit: code, name, category. */
  list: signedIn.query(({ ctx }) => listUnits(ctx.store)),
  /** Each category with its number of units. */
  categories: signedIn.query(({ ctx }) => listCategories(ctx.store)),
  /** The latest month any order was received in ("2018-12"; null with no orders): the month the console opens by default. */
  // with the earliest: where a new center's first rubric starts (copy-dialog.tsx)
  latestMonth: signedIn.query(async ({ ctx }) => ({ month: await latestDataMonth(ctx.store), first: await earliestDataMonth(ctx.store) })),
});
