/** The units being assessed. */
import { listCategories, listUnits } from "../services/units.ts";
import { procedure, router } from "../trpc.ts";

const signedIn = procedure.meta({ permission: "signedIn" });

export const unitsRouter = router({
  /** Every unit: code, name, category. */
  list: signedIn.query(({ ctx }) => listUnits(ctx.store)),
  /** Each category with its number of units. */
  categories: signedIn.query(({ ctx }) => listCategories(ctx.store)),
});
