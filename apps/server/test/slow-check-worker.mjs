// A worker thread's first module for attachment-check.test.ts, nowhere else: the server's own worker (the bundle
// support.ts's workerEntry gives when it is fresh, else the sources through tsx), in which the check of an attachment
// named 慢.pdf holds its thread for a minute once begun, as a file slow to read would.
import { parentPort } from "node:worker_threads";

const SLOW = "慢.pdf";
const MS = 60_000;
/** the slow checks sent, by id */
const slow = new Set();

const port = parentPort;
const on = port.on.bind(port);
port.on = (event, listener) =>
  on(event, (task, ...rest) => {
    if (event === "message" && task?.type === "attachment" && task.fileName === SLOW) slow.add(task.id);
    return listener(task, ...rest);
  });
const post = port.postMessage.bind(port);
port.postMessage = (message, transfer) => {
  post(message, transfer);
  // once the check has said it began: as a check of the real worker's would
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
