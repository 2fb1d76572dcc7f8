/**
 * Vitest's global setup of the server project: the server's bundle of this checkout's sources, whose worker threads
 * the test servers run (support.ts, workerEntry). Nothing to do when it is current.
 */
import { buildServerBundle } from "./support.ts";

export default function setup(): void {
  const build = buildServerBundle(new URL("../../../", import.meta.url).pathname);
  if (build.status !== 0) throw new Error(`the server failed to build:\n${build.stdout}\n${build.stderr}`);
}
