import { readFileSync } from "node:fs";
import { formatDiagnostic } from "../src/diagnostics.ts";
import { format } from "../src/format.ts";
import { parse } from "../src/parse.ts";

for (const f of process.argv.slice(2)) {
  const src = readFileSync(f, "utf8");
  const r = parse(src);
  for (const d of r.diagnostics) console.log(formatDiagnostic(d, f));
  const fm = format(src);
  console.log(f, "formatted:", fm.ok && fm.text === src);
  if (fm.ok && fm.text !== src) {
    const { writeFileSync } = await import("node:fs");
    writeFileSync(`/tmp/fmt-${f.split("/").pop()}`, fm.text);
  }
}
