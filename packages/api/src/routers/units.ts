/** The units being assessed. */
import { listCategories, listUnits } from "../services/units.ts";
import { publicProcedure, router } from "../trpc.ts";

export const unitsRouter = router({
  /** Every unit: code, name, category. */
  list: publicProcedure.query(({ ctx }) => listUnits(ctx.store)),
  /** Each category with its number of units. */
  categories: publicProcedure.query(({ ctx }) => listCategories(ctx.store)),
});
