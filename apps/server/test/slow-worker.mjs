// A worker thread's first module for attachment-check.test.ts and rubric-text-limit.test.ts, nowhere else: the server's
// own worker (the bundle support.ts's workerEntry gives when it is fresh, else the sources through tsx), in which the
// check of an attachment named 慢.pdf, or a call whose input's text holds 〔慢〕, holds its thread for a minute once
// begun, as a file slow to read, or a rubric's text made to be slow to check, would.
import { parentPort } from "node:worker_threads";

const SLOW_FILE = "慢.pdf";
const SLOW_TEXT = "〔慢〕";
const MS = 60_000;
/** the slow tasks sent, by id */
const slow = new Set();

const port = parentPort;
const on = port.on.bind(port);
port.on = (event, listener) =>
  on(event, (task, ...rest) => {
    const slowFile = task?.type === "attachment" && task.fileName === SLOW_FILE;
    const slowText = task?.type === "call" && String(task.call.input?.text ?? "").includes(SLOW_TEXT);
    if (event === "message" && (slowFile || slowText)) slow.add(task.id);
    return listener(task, ...rest);
  });
const post = port.postMessage.bind(port);
port.postMessage = (message, transfer) => {
  post(message, transfer);
  // once the task has said it began: as the real worker's check or parse would
  // The thread is held without spinning: Atomics.wait blocks it as a long synchronous parse would (no message, no timer
  // of its own runs until it ends), and the server's terminate() ends the wait at once, but it leaves the cores, which
  // a loop on Date.now() kept busy for each slow check's whole limit, to the server and the other test files.
  if (message?.started && slow.delete(message.id)) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, MS);
};

const build = await import("../../../scripts/build.mjs");
const bundled = build.freshEntry("server", "worker");
if (bundled) await import(bundled.href);
else {
  const { register } = await import("tsx/esm/api");
  register();
  await import("../src/worker.ts");
}
