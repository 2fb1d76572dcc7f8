/**
 * A worker thread of the server (see threads.ts): it opens its own connection
 * to the store and runs what the request thread sends it — procedure calls,
 * imports, reports — each answered by id; several may be under way at once.
 * Writes in the writer thread go one at a time (the store's write lock). The
 * checker thread opens no store: it checks the attachments it is sent.
 */
import { parentPort, workerData } from "node:worker_threads";
import { describeFailure, importHere, runRemoteCall, runWriterOp, type WriterOps } from "@kaohe/api";
import { fillMissingDigests, openStore } from "@kaohe/db";
import { compilePublishedVersions, sniffAttachment } from "@kaohe/services";
import { buildExport } from "./exports.ts";
import { monthReport } from "./report.ts";
import type { Reply, Task, WorkerInit } from "./threads.ts";

const port = parentPort;
if (!port) throw new Error("worker.ts runs in a worker thread");
const init = workerData as WorkerInit;
// the request thread has migrated the store already
const opened = init.checker ? null : openStore(init.url, { migrate: false });

const reply = (r: Reply, transfer: ArrayBuffer[] = []) => port.postMessage(r, transfer);

async function perform(task: Task): Promise<void> {
  if (task.type === "attachment") {
    const content = Buffer.from(task.content.buffer, task.content.byteOffset, task.content.byteLength);
    return reply({ id: task.id, ok: true, data: sniffAttachment(content, task.fileName) });
  }
  if (!opened) throw new Error(`the ${init.name} thread has no store for a ${task.type} task`);
  const store = await opened;
  switch (task.type) {
    case "call":
      return reply({ id: task.id, ok: true, data: await runRemoteCall(store, task.call) });
    case "import": {
      const result = await importHere(store, task.files, task.options, (progress) => reply({ id: task.id, progress }));
      return reply({ id: task.id, ok: true, data: result });
    }
    case "op":
      return reply({ id: task.id, ok: true, data: await runWriterOp(store, task.name as keyof WriterOps, task.args) });
    case "report": {
      const body = await monthReport(store, task.month, task.withResponses);
      // a copy of our own, so the buffer can be handed over rather than cloned
      const bytes = new Uint8Array(body).buffer;
      return reply({ id: task.id, ok: true, data: bytes }, [bytes]);
    }
    case "export": {
      const bytes = new Uint8Array(await buildExport(store, task.request)).buffer;
      return reply({ id: task.id, ok: true, data: bytes }, [bytes]);
    }
  }
}

port.on("message", (task: Task) => {
  // a task past its limit asks whether the thread is free to answer, or held by some task's synchronous work (threads.ts)
  if (task.type === "ping") return reply({ id: task.id, pong: true });
  // its time limit, if it has one, counts from here (threads.ts): not while it waited behind a task that held the thread
  reply({ id: task.id, started: true });
  perform(task).catch((err: unknown) => {
    const failure = describeFailure(err);
    if (failure.info.appCode === "INTERNAL" || failure.info.appCode === "UNAVAILABLE")
      console.error(`[kaohe] ${init.name} 线程出错 / error in the ${init.name} thread (${task.type}):`, err);
    reply({ id: task.id, ok: false, failure });
  });
});

if (!opened) reply({ ready: true });
opened?.then(
  (store) => {
    reply({ ready: true });
    // the rubrics in force compiled now, not in the first scoring someone waits for
    setImmediate(() => void compilePublishedVersions(store).catch(() => undefined));
    // rows without a digest (a database an earlier release built): theirs made now, in the background, not in every
    // fingerprint a publication's check makes (best effort: a busy database leaves it for the next start)
    if (init.name === "writer") setImmediate(() => void fillMissingDigests(store.url).catch(() => undefined));
  },
  (err: unknown) => {
    console.error(`[kaohe] ${init.name} 线程无法打开数据库 / the ${init.name} thread could not open the store:`, err);
    process.exit(1);
  },
);
