/** coalesce(a, b, …): the first value that is not missing. */
import { type BuiltinFunction, NOT_APPLICABLE } from "./define.ts";

export const coalesce: BuiltinFunction = {
  name: "coalesce",
  readName: "第一个非空值",
  params: "x, y, …",
  level: "any",
  positional: { min: 2, max: 99 },
  named: [],
  returns: "any",
  zh: "第一个非空值",
  // any types: the first argument's is the call's
  check: (c) => {
    for (const a of c.call.args) c.typeOf(a.value);
    return c.typeOf(c.call.args[0]?.value ?? c.call);
  },
  // evaluated up to the first value that is neither missing nor "not applicable"
  evaluate: (c) => {
    for (const a of c.positional) {
      const v = c.eval(a);
      if (v !== null && v !== NOT_APPLICABLE) return v;
    }
    return null;
  },
  // COALESCE evaluates its arguments only up to the first that is not missing, in SQLite and PostgreSQL alike: so here
  js: (args) => `(${[...args.map((p) => `(${p})`), "null"].join(" ?? ")})`,
  sql: (args) => `COALESCE(${args.join(", ")})`,
};
