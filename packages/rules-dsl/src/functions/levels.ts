/** levels(x, 满意: 1, 基本满意: 0.9, …): a value looked up by name (a satisfaction level); 0 when not listed. */
import type { BuiltinFunction } from "./define.ts";

export const levels: BuiltinFunction = {
  name: "levels",
  readName: "按取值折算",
  params: "x, 取值: 折算, …",
  level: "any",
  positional: { min: 1, max: 1 },
  named: "*",
  returns: "number",
  zh: "按取值折算（如 基本满意 记 0.9）",
  // any value may be looked up; the levels' points are numbers
  check: (c) => {
    for (const a of c.call.args) {
      const t = c.typeOf(a.value);
      if (a.name !== null) c.expect(a.value, t, "number");
    }
    return "number";
  },
  evaluate: (c) => {
    const v = c.arg(0);
    const x = typeof v === "string" ? c.named.get(v) : undefined;
    return x ? c.eval(x) : 0;
  },
  js: (args, c) => {
    const table = new Map(c.call.args.filter((a) => a.name !== null).map((a) => [a.name as string, a.value.kind === "number" ? a.value.value : 0]));
    return `(${c.hoist(table)}.get(${args[0]}) ?? 0)`;
  },
  sql: (args, c) => {
    const cases = c.call.args
      .filter((a) => a.name !== null)
      .map((a) => `WHEN ${c.literal(a.name as string)} THEN ${a.value.kind === "number" ? c.number(a.value.value) : "0"}`)
      .join(" ");
    // the checker lets any value be looked up: compared as text, a number or yes/no matches no level (a name), as in memory
    return `(CASE ${c.dialect === "sqlite" ? args[0] : `(${args[0]})::text`} ${cases} ELSE 0 END)`;
  },
};
