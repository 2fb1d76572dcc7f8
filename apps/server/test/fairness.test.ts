/**
 * One user cannot take the workers from everyone (a security probe as the read-only leader and as the rules editor):
 * calls of one user waiting in the reader threads, or in the one writer, are capped; past the cap they are refused at
 * once with 429 in Chinese, the others' calls are answered, and the user's own are taken again once theirs are done.
 * A user's downloads and calls in the readers are sent 2 at a time (threads.ts), others' between them.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Session, signInAs, startDemoServer } from "./support.ts";

let server: Awaited<ReturnType<typeof startDemoServer>>;
let leader: Session;
let admin: Session;
let editor: Session;

beforeAll(async () => {
  server = await startDemoServer("kaohe-fairness-");
  leader = await signInAs(server.base, "viewer");
  admin = await signInAs(server.base, "admin");
  editor = await signInAs(server.base, "editor");
}, 180_000);
afterAll(async () => {
  await server?.close();
});

type Answer = { result?: { data: unknown }; error?: { message: string; data: { httpStatus?: number; code?: string } } };

/** One batch of `n` calls of `path` (GET for queries, POST for mutations): each call's answer. */
async function batch(s: Session, path: string, inputs: unknown[], method: "GET" | "POST"): Promise<Answer[]> {
  const paths = Array(inputs.length).fill(path).join(",");
  const input = JSON.stringify(Object.fromEntries(inputs.map((x, i) => [i, x])));
  const res =
    method === "GET"
      ? await s.fetch(`/trpc/${paths}?batch=1&input=${encodeURIComponent(input)}`)
      : await s.fetch(`/trpc/${paths}?batch=1`, { method: "POST", headers: { "content-type": "application/json" }, body: input });
  return (await res.json()) as Answer[];
}

const refused = (answers: Answer[]) => answers.filter((a) => a.error?.data.code === "TOO_MANY_REQUESTS");

describe("the workers are shared fairly", () => {
  it("a user's scorings past 16 at once are refused with 429 in Chinese; another user's are answered; the user's own again once done", async () => {
    // 40 year scorings in one batch: the probe sent 24 such batches of 50, and every ranking page waited 30 s
    const answers = await batch(
      leader,
      "scores.year",
      Array.from({ length: 40 }, () => ({ year: "2018" })),
      "GET",
    );
    expect(answers.filter((a) => a.result).length).toBe(16);
    const over = refused(answers);
    expect(over.length).toBe(24);
    expect(over[0]?.error?.message).toBe("您同时进行的计算、查询过多（16 项），请等前面的完成后再试");
    // another user is answered
    const month = await admin.trpc("scores.month", { month: "2018-10" });
    expect(month.status).toBe(200);
    // done: the leader's calls are taken again
    expect((await leader.trpc("scores.year", { year: "2018" })).status).toBe(200);
  }, 180_000);

  it("a user's saves past 4 at once are refused with 429; those taken are stored", async () => {
    const text = (await admin.trpc("rubrics.get", { id: 1 })).body.result?.data as { text: string };
    const drafts = Array.from({ length: 6 }, (_, i) => ({ text: text.text.replace(/version "[^"]*"/, `version "并发-${i}"`) }));
    const answers = await batch(editor, "rubrics.createDraft", drafts, "POST");
    expect(answers.filter((a) => a.result).length).toBe(4);
    expect(refused(answers).map((a) => a.error?.message)).toEqual(Array(2).fill("您同时进行的保存、修改过多（4 项），请等前面的完成后再试"));
    const stored = await server.store.prisma.rubricVersion.count({ where: { version: { startsWith: "并发-" } } });
    expect(stored).toBe(4);
  }, 180_000);

  it("a leader's 57 year tables downloaded at once: 4 at a time, 50 wait, 3 refused with 429; the center's page goes before the rest", async () => {
    // the adversary's loops: lingdao downloading the year's table in 20 tabs had a unit's page wait 8 s, sent behind all
    let downloaded = 0;
    const statuses: number[] = [];
    const flood = Array.from({ length: 57 }, async () => {
      const res = await leader.fetch("/export/year/2018.xlsx");
      const body = Buffer.from(await res.arrayBuffer());
      statuses.push(res.status);
      if (res.status === 200) downloaded++;
      return { status: res.status, zh: res.status === 200 ? "" : (JSON.parse(body.toString()) as { zh: string }).zh };
    });
    // the last 3 refused at once (4 being made, 50 waiting their turn): every one of the 57 has reached the server
    await expect.poll(() => statuses.filter((s) => s === 429).length, { timeout: 30_000 }).toBe(3);
    const before = downloaded;
    // a unit's records, scored in the reader
    const page = await admin.trpc("scores.unitDetail", { period: "2018-10", unitCode: "HTZ01" });
    expect(page.status).toBe(200);
    // sent behind the four of the leader's in the reader, not behind all 54: those four answered meanwhile, and at
    // most one more (a thread does several at once: the leader's 5th, sent behind the page, may be done first)
    expect(downloaded - before).toBeLessThanOrEqual(5);
    const answers = await Promise.all(flood);
    expect(answers.filter((a) => a.status === 200)).toHaveLength(54);
    expect(answers.filter((a) => a.status === 429).map((a) => a.zh)).toEqual(
      Array(3).fill("请求过多，请稍后再试（您已有 54 项查询、报表或下载正在处理或排队）"),
    );
  }, 300_000);
});
