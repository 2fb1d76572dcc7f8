// A worker thread's first module for rubric-text-limit.test.ts, nowhere else: the server's own worker (the bundle
// support.ts's workerEntry gives when it is fresh, else the sources through tsx), in which a call whose input's text
// holds 〔慢〕 holds its thread for a minute once begun, as a rubric's text made to be slow to check would.
import { parentPort } from "node:worker_threads";

const SLOW = "〔慢〕";
const MS = 60_000;
/** the slow calls sent, by id */
const slow = new Set();

const port = parentPort;
const on = port.on.bind(port);
port.on = (event, listener) =>
  on(event, (task, ...rest) => {
    if (event === "message" && task?.type === "call" && String(task.call.input?.text ?? "").includes(SLOW)) slow.add(task.id);
    return listener(task, ...rest);
  });
const post = port.postMessage.bind(port);
port.postMessage = (message, transfer) => {
  post(message, transfer);
  // once the call has said it began: as the real worker's parse of such a text would
  if (message?.started && slow.delete(message.id)) {
    const until = Date.now() + MS;
    while (Date.now() < until);
  }
};

const build = await import("../../../scripts/build.mjs");
const bundled = build.freshEntry("server", "worker");
if (bundled) await import(bundled.href);
else {
  const { register } = await import("tsx/esm/api");
  register();
  await import("../src/worker.ts");
}
