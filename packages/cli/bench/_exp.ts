import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { generateScaleUnits, writeScaleOrdersCsv } from "@kaohe/data";
import { importFiles, openStore } from "@kaohe/db";
import { compileRubric, scoreMonth } from "@kaohe/rules-engine";
import { dataBeforeAsOf, scoringData } from "@kaohe/services";

const dir = "/tmp/exp";
const url = `file:${dir}/month.db`;
const root = new URL("../../../", import.meta.url).pathname;
if (!existsSync(`${dir}/orders.csv`)) {
  const units = generateScaleUnits(200);
  writeFileSync(join(dir, "units.csv"), `单位编码,单位名称,类别\n${units.map((u) => `${u.code},${u.name},${u.category}`).join("\n")}\n`);
  await writeScaleOrdersCsv(join(dir, "orders.csv"), 1_000_000, units, "2018-03", 11);
}
if (process.argv[2] === "import") {
  const store = await openStore(url);
  const t0 = performance.now();
  await importFiles(
    store,
    [
      { path: `${dir}/units.csv`, kind: "units" },
      { path: `${dir}/orders.csv`, kind: "orders" },
    ],
    { actor: "x" },
  );
  console.log("import", performance.now() - t0);
  await store.close();
} else {
  const store = await openStore(url);
  const rubric = compileRubric(readFileSync(join(root, "rules/huantai/2017.kh"), "utf8"));
  for (let i = 0; i < 4; i++) {
    let t0 = performance.now();
    const data = await scoringData(store);
    const a = performance.now() - t0;
    t0 = performance.now();
    const result = await scoreMonth(rubric, data, "2018-03", { evidence: false });
    const b = performance.now() - t0;
    t0 = performance.now();
    const w = await dataBeforeAsOf(store, result);
    const c = performance.now() - t0;
    console.log(`data ${a.toFixed(0)} score ${b.toFixed(0)} beforeAsOf ${c.toFixed(0)} ${w?.zh.slice(0, 80)}`);
  }
  await store.close();
}
