/**
 * An import in a process of its own, for a test to kill (SIGKILL: no rollback, no closing entry of ours): the
 * database's url, the file and the import's id as arguments; prints "reading" once rows are being read, "waiting" when
 * it waits for another import.
 */
import { importFiles } from "@kaohe/db";

const [url, path, runId] = process.argv.slice(2) as [string, string, string];
let said = false;
await importFiles({ url }, [{ path, name: "orders-killed.csv" }], {
  actor: "考核办（kaohe）",
  runId,
  onProgress: (p) => {
    // behind another import (its lock): said once, as soon as it waits
    if (p.phase === "waiting") process.stdout.write("waiting\n");
    else if (!said && p.rows > 1000) {
      said = true;
      process.stdout.write("reading\n");
    }
  },
});
process.stdout.write("finished\n");
