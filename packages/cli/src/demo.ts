/** `kaohe demo`: the Huantai demo data written as the center's files, then scored like any folder. */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { generateDemoDataset, writeDemoFiles } from "@kaohe/data";
import { openStore } from "@kaohe/db";
import { scoreMonth, scoreYear } from "@kaohe/rules-engine";
import { DEMO_PASSWORD, DEMO_USERS, findUser, ROLE_LABEL, scoreInForce, seedDemo } from "@kaohe/services";
import { readData, readRubric, scoringData } from "./load.ts";
import { renderRanking, table } from "./render.ts";

const repoRoot = resolve(new URL("../../..", import.meta.url).pathname);
const shippedRubrics = {
  huantai2017: join(repoRoot, "rules/huantai/2017.kh"),
  examples: [
    join(repoRoot, "rules/examples/huantai-revision-example.kh"),
    join(repoRoot, "rules/examples/city-rate-threshold-example.kh"),
    join(repoRoot, "rules/examples/cumulative-example.kh"),
  ],
};

export async function runDemo(out: string, month: string, print: (s: string) => void): Promise<void> {
  if (!existsSync(join(out, "orders.csv"))) {
    print(`生成演示数据 → ${out}/`);
    await writeDemoFiles(out, generateDemoDataset());
  }
  const dataset = await readData(out);
  print(`演示数据：${dataset.units.length} 个单位，${dataset.orders.length} 件工单，${dataset.events.length} 条考核事件，${dataset.facts.length} 条年度事实\n`);
  const data = scoringData(dataset);
  const rubric = await readRubric(shippedRubrics.huantai2017);
  print(renderRanking(await scoreMonth(rubric, data, month)));
  print("");
  print(renderRanking(await scoreYear(rubric, data, 2017)));
  for (const file of shippedRubrics.examples) {
    const example = await readRubric(file);
    const r = await scoreMonth(example, data, month);
    const counted = r.units.filter((u) => u.published !== null).length;
    print(
      `\n示例规则“${r.rubric.name}”：${month} 计分 ${counted} 个单位（npm run kaohe -- score --rubric ${file.slice(repoRoot.length + 1)} --data ${out} --month ${month}）`,
    );
  }
  print(`\n逐项解释：npm run kaohe -- explain --rubric rules/huantai/2017.kh --data ${out} --month ${month} --unit 索镇街道`);
}

/** Fill an empty store with the demo data and shipped rubrics, then print the month's ranking from it. */
export async function runDemoDb(url: string, month: string, print: (s: string) => void): Promise<void> {
  const store = await openStore(url);
  try {
    let last = 0;
    const seeded = await seedDemo(store, {
      cycle: true,
      onProgress: (p) => {
        const now = Date.now();
        if (p.phase === "waiting" || now - last < 500) return;
        last = now;
        process.stderr.write(`导入演示数据 ${p.file}：${Math.round(p.fraction * 100)}%\n`);
      },
    });
    const orders = await store.prisma.order.count();
    print(seeded ? `已写入演示数据：${orders} 件工单（${url}）\n` : `数据库已有数据（${orders} 件工单），未写入演示数据（${url}）\n`);
    const demoUsers = [];
    if (seeded) for (const u of DEMO_USERS) if (await findUser(store, u.username)) demoUsers.push(u);
    if (demoUsers.length > 0) {
      print(`演示用户（密码均为 ${DEMO_PASSWORD}，仅供演示）/ demo users:`);
      print(
        table(
          ["用户名", "姓名", "角色", "单位"],
          demoUsers.map((u) => [u.username, u.displayName, ROLE_LABEL[u.role], u.unitCode ?? ""]),
        ),
      );
      print("");
    }
    print(renderRanking((await scoreInForce(store, month)).result));
  } finally {
    await store.close();
  }
}
