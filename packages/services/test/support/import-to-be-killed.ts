/**
 * An import in a process of its own, for a test to kill (SIGKILL: no rollback, no closing entry of ours): the
 * database's url, the file and the import's id as arguments; prints "reading" once rows are being read, "waiting" when
 * it waits for another import. Once it has said "reading" it is held there, its transaction open and the import lock
 * its own, as an import in progress is, until the test writes a line to its stdin (or closes it, or kills it): how
 * long an import of some rows takes is no longer what a test's timing rests on.
 */
import { readSync } from "node:fs";
import { importFiles } from "@kaohe/db";

const [url, path, runId] = process.argv.slice(2) as [string, string, string];

/** Blocks this thread (the one running the import) until a line, or the end, comes on stdin. */
function heldUntilTold(): void {
  const buf = Buffer.alloc(64);
  for (;;) {
    try {
      readSync(0, buf);
      return;
    } catch (err) {
      // a stdin that does not block: asked again after a moment
      if ((err as NodeJS.ErrnoException).code !== "EAGAIN") throw err;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
    }
  }
}

let said = false;
await importFiles({ url }, [{ path, name: "orders-killed.csv" }], {
  actor: "考核办（kaohe）",
  runId,
  onProgress: (p) => {
    // behind another import (its lock): said once, as soon as it waits
    if (p.phase === "waiting") process.stdout.write("waiting\n");
    // held past two write batches (5,000 orders each, one in flight at most): the first is written into the
    // transaction by then, so a kill here has rows of its own to roll back
    else if (!said && p.rows > 12_000) {
      said = true;
      // (a pipe's writes are synchronous: the test reads it before this process is held)
      process.stdout.write("reading\n");
      heldUntilTold();
    }
  },
});
process.stdout.write("finished\n");
