// A worker thread's first module for reader-limit.test.ts, nowhere else: not the server's worker but a stand-in that
// says it began each task it is sent, as the server's worker does, and answers it 50 ms later (or `waits` ms) with the
// thread's number and the task's, and answers pings; a call whose input is { slow: true } holds the thread for a minute instead (as a draft made to be
// slow to score would), beginning 20 ms after it arrived, so that a task sent just after it has begun too.
import { parentPort, threadId } from "node:worker_threads";

const port = parentPort;

port.on("message", (task) => {
  // as the server's worker answers: a thread held by a slow call cannot
  if (task.type === "ping") return port.postMessage({ id: task.id, pong: true });
  port.postMessage({ id: task.id, started: true });
  if (task.call?.input?.slow) {
    // held without spinning (slow-worker.mjs): blocked as by a long synchronous scoring, ended by terminate()
    setTimeout(() => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000), 20);
    return;
  }
  // a call that only waits (as one waiting for the database does): answered after `waits` ms, the thread free meanwhile
  const waits = task.call?.input?.waits ?? 50;
  setTimeout(() => port.postMessage({ id: task.id, ok: true, data: { thread: threadId, n: task.call?.input?.n } }), waits);
});

port.postMessage({ ready: true });
