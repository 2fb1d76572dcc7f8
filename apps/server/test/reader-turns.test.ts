/**
 * One user's tasks in the reader threads take turns with everyone's (an adversary's report: a read-only leader
 * downloading the year's table in 20 loops had every other user's page wait 2 to 8 s, each sent behind all of the
 * leader's). The readers here are a stand-in (reader-turns-worker.mjs) that does one task at a time, 40 ms each, and
 * answers with the order in which it received each task and how many of that user's it held then.
 */
import type { RemoteCall } from "@kaohe/api";
import type { SessionUser } from "@kaohe/services";
import { afterEach, describe, expect, it } from "vitest";
import { Threads } from "../src/threads.ts";

const entry = new URL("./reader-turns-worker.mjs", import.meta.url);

/** what the stand-in answers: the order the thread received the task in, whose it was, that user's tasks it held then */
type Seen = { order: number; user: string; held: number };

const user = (id: number): SessionUser => ({ id, username: `u${id}`, displayName: `u${id}`, role: "viewer", unitCode: null, mustChangePassword: false });
const call = (id: number): RemoteCall => ({ path: "scores.year", input: { year: "2018" }, user: user(id), address: "127.0.0.1", token: null });

let threads: Threads | undefined;
afterEach(async () => {
  await threads?.close();
  threads = undefined;
});

/** One reader, as on a 2-core server. */
async function oneReader(): Promise<Threads> {
  threads = new Threads("file:unused.db", { entry, readers: 1 });
  await threads.ready();
  return threads;
}

describe("one user's tasks in the readers take turns with everyone's", () => {
  it("a user's 20 calls at once do not go before another user's call sent after them; none is refused", async () => {
    const t = await oneReader();
    const flood = Array.from({ length: 20 }, () => t.call("reader", call(7)) as Promise<Seen>);
    // the other user's, sent once the 20 are: the leader's first four are in the thread, the other 16 wait their turn
    expect(t.busy().filter((b) => b.startsWith("reader-1:"))).toHaveLength(4);
    expect(t.busy()).toContainEqual(expect.stringMatching(/^readers: 16 tasks of user:7 waiting their turn \(oldest scores\.year/));
    const other = (await t.call("reader", call(8))) as Seen;
    // received fifth, after the four of the leader's already sent (it was 21st, behind all of them): answered after
    // those four and itself, 5 × 40 ms, where it waited for 21 × 40 ms
    expect(other).toEqual({ order: 5, user: "user:8", held: 1 });
    const seen = await Promise.all(flood);
    // every one of the leader's answered, none held by the thread with more than one other of theirs
    expect(seen).toHaveLength(20);
    expect(Math.max(...seen.map((s) => s.held))).toBe(4);
    // the leader's 5th was sent after the other user's: received 6th
    expect(seen[4]?.order).toBe(6);
  }, 30_000);

  it("a user's downloads take turns too: another user's month report goes before the leader's 5th year table", async () => {
    const t = await oneReader();
    const flood = Array.from({ length: 20 }, () => t.exportFile("user:7", { kind: "yearXlsx", year: "2018" }));
    const report = JSON.parse((await t.monthReport("user:8", "2018-11", true)).toString()) as Seen;
    expect(report).toEqual({ order: 5, user: "report", held: 1 });
    const seen = (await Promise.all(flood)).map((b) => JSON.parse(b.toString()) as Seen);
    expect(Math.max(...seen.map((s) => s.held))).toBe(4);
  }, 30_000);

  it("past 4 sent and 50 waiting, a user's task is refused with 429 in Chinese; the others are answered, and the next once done", async () => {
    const t = await oneReader();
    const answers = await Promise.allSettled(Array.from({ length: 57 }, () => t.call("reader", call(7))));
    // 4 sent + 50 waiting taken, the last 3 refused at once
    expect(answers.filter((a) => a.status === "fulfilled")).toHaveLength(54);
    const refused = answers.filter((a) => a.status === "rejected").map((a) => (a as PromiseRejectedResult).reason);
    expect(refused).toHaveLength(3);
    expect(refused[0]).toMatchObject({ code: "BUSY", zh: "请求过多，请稍后再试（您已有 54 项查询、报表或下载正在处理或排队）" });
    // the user's turn is theirs again once their tasks are done
    expect(await t.call("reader", call(7))).toMatchObject({ user: "user:7", held: 1 });
    expect(t.busy()).toEqual([]);
  }, 30_000);

  it("tasks waiting their turn when the server stops are refused, not left unanswered", async () => {
    const t = await oneReader();
    const answers = Promise.allSettled(Array.from({ length: 7 }, () => t.call("reader", call(7))));
    await t.close();
    threads = undefined;
    const reasons = (await answers).map((a) => (a.status === "rejected" ? (a.reason as { zh: string }).zh : "answered"));
    expect(reasons.slice(4)).toEqual(Array(3).fill("服务器正在停止，本次查询或下载没有进行，请稍后重试"));
  }, 30_000);
});
