/**
 * Filling an empty store with the Huantai demo data, the shipped rubric
 * versions and one example user per role (fixed demo passwords: a demo only).
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateDemoDataset, writeDemoFiles } from "@kaohe/data";
import type { Store } from "@kaohe/db";
import { AppError, ErrorCodes, type ImportProgress, importFiles } from "@kaohe/db";
import { openPreview } from "./cycle.ts";
import { publishPeriod } from "./publication.ts";
import type { Role } from "./roles.ts";
import { loadRubricFiles } from "./rubrics.ts";
import { getCenterName, setCenterName } from "./settings.ts";
import { countUsers, createUser, verifyPassword } from "./users.ts";

const rulesDir = new URL("../../../rules/", import.meta.url).pathname;

/** The rubric files that ship with kaohe: the 2017 method is published, the examples are drafts. */
export async function shippedRubrics(): Promise<{ text: string; publish: boolean }[]> {
  const files = [
    ["huantai/2017.kh", true],
    ["examples/huantai-revision-example.kh", false],
    ["examples/city-rate-threshold-example.kh", false],
    ["examples/cumulative-example.kh", false],
  ] as const;
  return Promise.all(files.map(async ([f, publish]) => ({ text: await readFile(join(rulesDir, f), "utf8"), publish })));
}

/**
 * The demo's one password, for every demo user. It meets `passwordProblem`'s rules (and holds none of the
 * user names: "Kaohe-…" would contain the admin's name `kaohe`).
 */
export const DEMO_PASSWORD = "Huantai-Demo-2017";

export interface DemoUser {
  username: string;
  displayName: string;
  role: Role;
  /** a unit user's unit (its code in the demo data); null for the other roles */
  unitCode: string | null;
  password: string;
}

/** One example user per role, created with the demo data (README and e2e sign in with these). */
export const DEMO_USERS: readonly DemoUser[] = [
  { username: "xitong", displayName: "系统管理员（演示）", role: "sysadmin", unitCode: null, password: DEMO_PASSWORD },
  { username: "kaohe", displayName: "考核办（演示）", role: "admin", unitCode: null, password: DEMO_PASSWORD },
  { username: "guize", displayName: "规则编辑（演示）", role: "editor", unitCode: null, password: DEMO_PASSWORD },
  { username: "tangshan", displayName: "唐山镇联络员（演示）", role: "unit", unitCode: "HTZ01", password: DEMO_PASSWORD },
  { username: "lingdao", displayName: "县领导（演示）", role: "viewer", unitCode: null, password: DEMO_PASSWORD },
];

export interface SeedDemoOptions {
  actor?: string;
  onProgress?: (p: ImportProgress) => void;
  /** create DEMO_USERS along with the data (default true); never when the store has any user already */
  users?: boolean;
  /** carry the demo through a month's cycle: DEMO_PUBLISHED_MONTH published, DEMO_PREVIEW_MONTH open to the units (default false) */
  cycle?: boolean;
}

/** The demo center's name (the Huantai hotline center the 2017 regulation speaks of). */
export const DEMO_CENTER_NAME = "桓台县民生热线服务中心";

/** The demo's months in the cycle (with `cycle`): the last one published, and the one the units are looking at now. */
export const DEMO_PUBLISHED_MONTH = "2018-10";
export const DEMO_PREVIEW_MONTH = "2018-11";

/**
 * Seed the demo when the store holds no orders; returns false when there was data already. The demo users are
 * created only together with the demo data, and only in a store without users: a store with real data or real
 * accounts never gets the demo's well-known passwords.
 */
export async function seedDemo(store: Store, options: SeedDemoOptions = {}): Promise<boolean> {
  const actor = options.actor ?? "演示数据";
  await loadRubricFiles(store, await shippedRubrics(), actor);
  if ((await store.prisma.order.count()) > 0) return false;
  const withUsers = options.users !== false && (await countUsers(store)) === 0;
  const dir = await mkdtemp(join(tmpdir(), "kaohe-demo-"));
  try {
    const paths = await writeDemoFiles(dir, generateDemoDataset());
    const result = await importFiles(
      store,
      Object.values(paths).map((path) => ({ path })),
      { actor, onProgress: options.onProgress },
    );
    if (!result.ok)
      throw new AppError(ErrorCodes.ImportInvalid, "演示数据导入失败（这是程序的缺陷，请报告）", "the demo data failed to import", result.problems);
    if (withUsers) {
      for (const u of DEMO_USERS) await createUser(store, u, actor);
    }
    // the demo is Huantai's: its center's name, as a first start would have asked for it
    if ((await getCenterName(store)) === null) await setCenterName(store, DEMO_CENTER_NAME, actor);
    if (options.cycle) {
      await openPreview(store, DEMO_PUBLISHED_MONTH, { actor });
      await publishPeriod(store, DEMO_PUBLISHED_MONTH, { actor });
      await openPreview(store, DEMO_PREVIEW_MONTH, { actor });
    }
    return true;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The demo users who can still sign in with the demo's published password (not disabled, the password never changed):
 * anyone who has read the README can sign in as them. The server warns when it listens beyond this computer.
 */
export async function demoPasswordsInUse(store: Store): Promise<string[]> {
  const users = await store.prisma.user.findMany({
    where: { username: { in: DEMO_USERS.map((u) => u.username) }, disabledAt: null },
    select: { username: true, passwordHash: true },
    orderBy: { id: "asc" },
  });
  const open = await Promise.all(users.map(async (u) => ((await verifyPassword(DEMO_PASSWORD, u.passwordHash)) ? u.username : null)));
  return open.filter((u): u is string => u !== null);
}
