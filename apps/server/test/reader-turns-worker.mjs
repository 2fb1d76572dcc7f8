// A worker thread's first module for reader-turns.test.ts, nowhere else: not the server's worker but a stand-in that
// does what it is sent one task at a time, each holding it MS (as a report holds a reader), and answers each with the
// order in which the thread received it and how many of the same user's tasks the thread held then (itself included).
import { parentPort } from "node:worker_threads";

const MS = 40;
const port = parentPort;
let received = 0;
/** the tasks received and not yet answered, by user (a call's user; an export's year, the tests' stand-in for one) */
const held = new Map();
let queue = Promise.resolve();

const userOf = (task) => (task.type === "call" ? `user:${task.call.user?.id}` : task.type === "export" ? `year:${task.request.year}` : task.type);

port.on("message", (task) => {
  const user = userOf(task);
  held.set(user, (held.get(user) ?? 0) + 1);
  const seen = { order: ++received, user, held: held.get(user) };
  queue = queue.then(async () => {
    await new Promise((ok) => setTimeout(ok, MS));
    held.set(user, held.get(user) - 1);
    if (task.type === "call") return port.postMessage({ id: task.id, ok: true, data: seen });
    // a report's or an export's answer is a file's bytes
    const bytes = new TextEncoder().encode(JSON.stringify(seen)).buffer;
    port.postMessage({ id: task.id, ok: true, data: bytes }, [bytes]);
  });
});

port.postMessage({ ready: true });
