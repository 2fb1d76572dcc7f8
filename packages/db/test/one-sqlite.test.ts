/**
 * Exactly one SQLite library in the process. Two builds of SQLite on one WAL
 * file in one process don't see each other's POSIX locks: a publication and
 * a draft saved during an import answered 200 and were gone. The Prisma
 * adapter asks for better-sqlite3 ^11; the workspace's override makes it use
 * ours (pnpm-workspace.yaml).
 */
import { readFileSync, realpathSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { expect, it } from "vitest";

const root = new URL("../../../", import.meta.url).pathname;
const fromDb = createRequire(new URL("../package.json", import.meta.url));

it("the Prisma adapter and our raw connection load the same better-sqlite3", () => {
  const ours = realpathSync(fromDb.resolve("better-sqlite3"));
  const adapterDir = dirname(realpathSync(fromDb.resolve("@prisma/adapter-better-sqlite3")));
  const theirs = realpathSync(createRequire(`${adapterDir}/`).resolve("better-sqlite3"));
  expect(theirs).toBe(ours);
});

it("the lockfile holds one version of better-sqlite3", () => {
  const lock = readFileSync(`${root}pnpm-lock.yaml`, "utf8");
  const versions = new Set([...lock.matchAll(/^ {2}better-sqlite3@([^:(]+)/gm)].map((m) => m[1]));
  expect([...versions]).toHaveLength(1);
});
