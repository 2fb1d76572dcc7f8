/**
 * A reader's task has a time limit (an adversary's report: a draft made to be slow to score held the one reader of a
 * 2-core server, and every other user's ranking behind it, for over 5 minutes). Past it the task fails with a message
 * saying so, the reader is stopped and a new one started, and the other users' tasks it held are sent to the new one,
 * not left waiting for a thread that no longer answers. The reader here is a stand-in (reader-limit-worker.mjs) whose
 * `slow` calls hold it for a minute; the limit is 1 s.
 */
import type { RemoteCall } from "@kaohe/api";
import type { SessionUser } from "@kaohe/services";
import { afterEach, describe, expect, it } from "vitest";
import { Threads } from "../src/threads.ts";

const entry = new URL("./reader-limit-worker.mjs", import.meta.url);

/** what the stand-in answers: the thread that ran the task, and the task's number */
type Answer = { thread: number; n: number };

const user = (id: number): SessionUser => ({ id, username: `u${id}`, displayName: `u${id}`, role: "viewer", unitCode: null, mustChangePassword: false });
const call = (id: number, input: { slow?: true; n?: number; waits?: number }): RemoteCall => ({
  path: "scores.month",
  input,
  user: user(id),
  address: "127.0.0.1",
  token: null,
});

let threads: Threads | undefined;
afterEach(async () => {
  await threads?.close();
  threads = undefined;
});

async function oneReader(): Promise<Threads> {
  threads = new Threads("file:unused.db", { entry, readers: 1, readerTaskMs: 1_000 });
  await threads.ready();
  return threads;
}

const failure = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (err: unknown) => err,
  );

describe("a reader's task past its time limit", () => {
  it("fails with a message saying so; another user's tasks held by that reader are answered by the new one, as is the next", async () => {
    const t = await oneReader();
    const slow = failure(t.call("reader", call(1, { slow: true })));
    // another user's: one begun before the slow one held the thread, one that reached it after
    const begun = t.call("reader", call(2, { n: 1 })) as Promise<Answer>;
    await new Promise((ok) => setTimeout(ok, 200));
    const queued = t.call("reader", call(3, { n: 2 })) as Promise<Answer>;
    expect(await slow).toMatchObject({
      code: "BUSY",
      zh: expect.stringMatching(/^本次计算或查询超过 1 秒仍未完成，已停止（没有修改任何数据）.*请稍后重试/),
    });
    const [a, b] = await Promise.all([begun, queued]);
    expect([a.n, b.n]).toEqual([1, 2]);
    // answered by the new thread, not the one stopped
    expect(a.thread).toBe(b.thread);
    const next = (await t.call("reader", call(1, { n: 3 }))) as Answer;
    expect(next).toEqual({ thread: a.thread, n: 3 });
  }, 30_000);

  it("goes on while its thread answers: a task only waiting past the limit (for the database, its turn) is answered, the thread kept", async () => {
    const t = await oneReader();
    const before = (await t.call("reader", call(1, { n: 1 }))) as Answer;
    // twice the limit, the thread free meanwhile: a large county's year read, not a thread held
    const waited = (await t.call("reader", call(2, { n: 2, waits: 2_500 }))) as Answer;
    expect(waited).toEqual({ thread: before.thread, n: 2 });
  }, 30_000);

  it("a task sent to the new thread and lost again there fails asking for a retry, not left hanging", async () => {
    const t = await oneReader();
    const first = failure(t.call("reader", call(1, { slow: true })));
    // both begun on the first thread; on the second, the slow one holds it again, and the other is lost a second time
    const second = failure(t.call("reader", call(2, { slow: true })));
    const other = failure(t.call("reader", call(3, { n: 1 })));
    expect(await first).toMatchObject({ code: "BUSY", zh: expect.stringContaining("超过 1 秒仍未完成") });
    expect(await second).toMatchObject({ code: "BUSY", zh: expect.stringContaining("超过 1 秒仍未完成") });
    expect(await other).toMatchObject({ code: "BUSY", zh: expect.stringMatching(/^服务器因另一项耗时过长的任务重新启动了后台线程.*请重试$/) });
    expect(await t.call("reader", call(3, { n: 2 }))).toMatchObject({ n: 2 });
  }, 30_000);
});
