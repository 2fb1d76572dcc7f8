/**
 * Users, passwords and sessions.
 *
 * Passwords are hashed with scrypt (Node's own, nothing to download), each
 * with its salt; the stored form names its parameters so they can be raised
 * later. A session is a random token in an httpOnly cookie; the database keeps
 * only its SHA-256, with an expiry, so a stolen database holds no usable
 * session. Repeated wrong passwords from one address lock that address out of
 * the account for a while (nobody can lock a user out of their own computer);
 * many from anywhere lock the account to every address it was never used from.
 * A browser the user has signed in from before (its device cookie) is neither:
 * its wrong passwords lock that browser alone. Successful sign-ins are bounded
 * too (per account in a window, and the sessions a user keeps open).
 * Every sign-in, failure, lock, change and reset is in the audit log.
 */
import { createHash, randomBytes, scrypt as scryptCallback, timingSafeEqual } from "node:crypto";
import { promisify } from "node:util";
import type { Store } from "@kaohe/db";
import { AppError, ErrorCodes } from "@kaohe/db";
import { formatShanghai } from "@kaohe/time";
import { actorName, recordAudit } from "./audit.ts";
import { ALLOWANCE_DETAIL, AuditAllowance } from "./audit-allowance.ts";
import { passwordProblem } from "./password.ts";
import { ROLES, type Role } from "./roles.ts";
import { INVISIBLE_IN_NAME } from "./settings.ts";

const scrypt = promisify(scryptCallback) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>;

/** A signed-in user as the rest of the application sees them. */
export interface SessionUser {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  /** a unit user's unit (its code) */
  unitCode: string | null;
  mustChangePassword: boolean;
}

export interface UserSummary extends SessionUser {
  disabled: boolean;
  /** locked to every address the user has not signed in from lately (wrong passwords from many places) */
  locked: boolean;
  /** addresses locked out of the account now (wrong passwords in a row from each) */
  lockedAddresses: string[];
  createdAt: Date;
  createdBy: string;
  lastSignIn: Date | null;
}

const HOUR_MS = 3_600_000;

/** How long a session lasts without being used (a working day), and at most (a week). */
const SESSION_IDLE_MS = 8 * HOUR_MS;
export const SESSION_MAX_MS = 7 * 24 * HOUR_MS;
/** Wrong passwords in a row from one address before that address is locked out of the account, and for how long. */
const MAX_FAILED_SIGN_INS = 3;
const LOCK_MS = 15 * 60_000;
/**
 * Wrong passwords in a row from any addresses before the account is locked to every address it has not been signed
 * in from within `KNOWN_ADDRESS_MS` (guessing spread over many machines); its user's own computers stay open.
 */
const MAX_FAILED_SIGN_INS_ACCOUNT = 10;
const KNOWN_ADDRESS_MS = 90 * 24 * HOUR_MS;
/** How long a browser's device cookie is kept, and recognised: as long as an address is (`KNOWN_ADDRESS_MS`). */
export const KNOWN_DEVICE_MS = KNOWN_ADDRESS_MS;

/**
 * Successful sign-ins per account within a window, beyond which the right password is refused until the window has
 * room again. Each sign-in writes a session row and an audit row, and on SQLite goes before the writes waiting: a
 * script signing in without end (200 in 17 s, a security review) buried the audit log and kept every other write
 * waiting 5 s. A person signs in a few times a day; 20 in 10 minutes leaves room for an office sharing one unit
 * account, signing in at once at 08:30 on a dozen computers and again after a browser's restart, while a script is
 * held to 2 a minute on average (about 2,900 rows a day instead of a million).
 */
const MAX_SIGN_INS = 20;
const SIGN_INS_WINDOW_MS = 10 * 60_000;
/**
 * The sessions a user keeps open at once: signing in beyond them ends the oldest (a browser long closed, most likely).
 * As many as the sign-ins a window allows, so that an office signing in together keeps all its sessions.
 */
const MAX_SESSIONS = 20;

const SCRYPT = { N: 16384, r: 8, p: 1, keylen: 32 };

async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scrypt(password, salt, SCRYPT.keylen, { N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p, maxmem: 64 * 1024 * 1024 });
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString("base64")}$${hash.toString("base64")}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split("$");
  if (scheme !== "scrypt" || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64");
  const actual = await scrypt(password, Buffer.from(salt, "base64"), expected.length, { N: Number(n), r: Number(r), p: Number(p), maxmem: 64 * 1024 * 1024 });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A random password that meets the rules (first start, resets printed once). */
export function randomPassword(): string {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  const bytes = randomBytes(14);
  const body = [...bytes].map((b) => alphabet[b % alphabet.length]).join("");
  return `${body.slice(0, 5)}-${body.slice(5, 10)}-${body.slice(10)}7a`;
}

const USERNAME = /^[a-zA-Z0-9_.\-\u4e00-\u9fff]{2,40}$/;

function usernameProblem(username: string): string | null {
  return USERNAME.test(username) ? null : "用户名为 2–40 个字符，只能用汉字、字母、数字和 _ . -";
}

const tokenHash = (token: string) => createHash("sha256").update(token).digest("hex");

type UserRow = {
  id: number;
  username: string;
  displayName: string;
  role: string;
  unitCode: string | null;
  passwordHash: string;
  mustChangePassword: boolean;
  failedAttempts: number;
  lockedUntil: Date | null;
  disabledAt: Date | null;
  createdAt: Date;
  createdBy: string;
};

const sessionUserOf = (u: UserRow): SessionUser => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  role: u.role as Role,
  unitCode: u.unitCode,
  mustChangePassword: u.mustChangePassword,
});

const audit = (store: Store, actor: string, action: string, entityId: string, detail: unknown, address?: string | null) =>
  recordAudit(store, { actor, action, entity: "users", entityId, detail, address: address ?? null });

/** An account's name, role and unit as given, checked: a known role, a name of 1–40 characters, a unit user's stored unit (the others have none). */
async function checkedAccess(
  store: Store,
  given: { displayName: string; role: Role; unitCode?: string | null },
): Promise<{ displayName: string; unitCode: string | null }> {
  if (!ROLES.includes(given.role)) throw new AppError(ErrorCodes.BadInput, `没有“${given.role}”这种角色`, "unknown role");
  // a line break, a zero-width or a direction character refused, as in the center's name: the name is the audit log's
  // 操作人, where 张\u200b三 looked like 张三 and was not found by searching for it, and a line break split the entry
  const displayName = given.displayName.trim();
  if (!displayName || displayName.length > 40) throw new AppError(ErrorCodes.BadInput, "请给出 1–40 个字的姓名", "display name required");
  if (INVISIBLE_IN_NAME.test(displayName))
    throw new AppError(
      ErrorCodes.BadInput,
      "姓名中不能有换行、控制字符或看不见的字符（零宽字符、方向标记）：请删去后重试",
      "control or invisible characters in the display name",
    );
  if (given.role !== "unit") return { displayName, unitCode: null };
  const unit = given.unitCode ? await store.prisma.unit.findUnique({ where: { code: given.unitCode } }) : null;
  if (!unit)
    throw new AppError(
      ErrorCodes.BadInput,
      `单位用户须属于一个已有的单位${given.unitCode ? `：没有编码为“${given.unitCode}”的单位` : ""}`,
      "a unit user needs a unit",
    );
  return { displayName, unitCode: unit.code };
}

export interface NewUser {
  username: string;
  displayName: string;
  role: Role;
  unitCode?: string | null;
  password: string;
  /** the user must choose a new password at the first sign-in */
  mustChangePassword?: boolean;
}

export async function createUser(store: Store, user: NewUser, actor: string, address?: string | null): Promise<SessionUser> {
  const nameProblem = usernameProblem(user.username);
  if (nameProblem) throw new AppError(ErrorCodes.BadInput, nameProblem, "invalid user name");
  const { displayName, unitCode } = await checkedAccess(store, user);
  const problem = passwordProblem(user.password, user.username);
  if (problem) throw new AppError(ErrorCodes.BadInput, problem, "the password does not meet the rules");
  if (await store.prisma.user.findUnique({ where: { username: user.username } })) {
    throw new AppError(ErrorCodes.Conflict, `用户名“${user.username}”已被使用`, "user name taken");
  }
  // KAOHE beside kaohe: two accounts the audit log and the people reading it could not tell apart
  const lower = user.username.toLowerCase();
  const alike = (await store.prisma.user.findMany({ select: { username: true } })).find((u) => u.username.toLowerCase() === lower);
  if (alike) {
    throw new AppError(
      ErrorCodes.Conflict,
      `用户名“${user.username}”与已有的“${alike.username}”只差大小写，容易混淆：请另取一个用户名`,
      "user name differs from an existing one only in case",
    );
  }
  const created = await store.prisma.user.create({
    data: {
      username: user.username,
      displayName,
      role: user.role,
      unitCode,
      passwordHash: await hashPassword(user.password),
      mustChangePassword: user.mustChangePassword ?? false,
      createdBy: actor,
    },
  });
  await audit(store, actor, "user.create", String(created.id), { username: created.username, role: created.role, unitCode }, address);
  return sessionUserOf(created);
}

export async function listUsers(store: Store): Promise<UserSummary[]> {
  const users = await store.prisma.user.findMany({ orderBy: { id: "asc" } });
  const last = await store.prisma.session.groupBy({ by: ["userId"], _max: { createdAt: true } });
  const lastOf = new Map(last.map((l) => [l.userId, l._max.createdAt]));
  const now = Date.now();
  const locks = await store.prisma.signInLock.findMany({ where: { lockedUntil: { gt: new Date(now) } }, orderBy: { address: "asc" } });
  return users.map((u) => ({
    ...sessionUserOf(u),
    disabled: u.disabledAt !== null,
    locked: u.lockedUntil !== null && u.lockedUntil.getTime() > now,
    lockedAddresses: locks.filter((l) => l.userId === u.id).map((l) => l.address),
    createdAt: u.createdAt,
    createdBy: u.createdBy,
    lastSignIn: lastOf.get(u.id) ?? null,
  }));
}

export async function findUser(store: Store, username: string): Promise<SessionUser | null> {
  const u = await store.prisma.user.findUnique({ where: { username } });
  return u ? sessionUserOf(u) : null;
}

export async function countUsers(store: Store): Promise<number> {
  return store.prisma.user.count();
}

export interface SignIn {
  user: SessionUser;
  /** the cookie's value: shown to the browser once, stored only as its hash */
  token: string;
  expiresAt: Date;
}

export interface ClientInfo {
  address?: string | null;
  userAgent?: string | null;
  /**
   * the browser's device cookie (`kaohe_device`, a random token the server gave it at an earlier sign-in, or gives it
   * at this one): a device the account was signed in from within `KNOWN_DEVICE_MS` is one of its user's own
   * computers, which no lock set by others holds out (`knownDevice`). Proves only: the session records `newDevice`
   */
  device?: string | null;
  /**
   * the device cookie given with this sign-in (a new one each time, never the one sent: apps/server/src/auth.ts), which
   * the session made records; the one sent (`device`) only proves
   */
  newDevice?: string | null;
}

/** A device cookie as the server makes it (32 random bytes, base64url): anything else is no device. */
const DEVICE_TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** The hash a device cookie is kept and compared by (as a session's token is: a stolen database proves no device). */
const deviceHash = (token: string | null | undefined): string | null => (token && DEVICE_TOKEN.test(token) ? tokenHash(token) : null);

/** A new device cookie's value. */
export const newDeviceToken = (): string => randomBytes(32).toString("base64url");

/**
 * What the sign-in lock rows (`SignInLock.address`) name a device by, beside the addresses: its hash's start, enough to
 * tell a user's few devices apart (the administrator's list of locks shows it).
 */
const deviceLockKey = (device: string) => `设备 ${device.slice(0, 16)}`;

const refusedSignIn = () => new AppError(ErrorCodes.Unauthorized, "用户名或密码不正确", "wrong user name or password");

/** Failed and refused sign-ins audited per name tried and address (a lock is always audited). */
const signInAttempts = new AuditAllowance();

/**
 * A failed or refused sign-in, audited one by one up to the allowance for the name and the address, then once that
 * the rest are not: one name tried in a loop wrote 40 rows a second (found by a security review).
 */
function auditAttempt(
  store: Store,
  username: string,
  address: string | null | undefined,
  entry: { actor: string; action: string; entityId: string; detail: object },
) {
  // by the name as the address limiter counts it (case aside): Flooded, FLOODED … are one name tried
  const kept = signInAttempts.count(`${username.trim().toLowerCase()}\u0000${address ?? ""}`);
  if (kept === "over") return Promise.resolve();
  if (kept === "last") return audit(store, entry.actor, "auth.attempts.many", entry.entityId, { ...entry.detail, ...ALLOWANCE_DETAIL }, address);
  return audit(store, entry.actor, entry.action, entry.entityId, entry.detail, address);
}

/**
 * Check a user name and password and open a session. The same message for an unknown user as for a wrong password.
 *
 * Wrong passwords count twice: for the address they came from (the third in a row locks that address out of the
 * account for 15 minutes: a colleague's typos, or a machine guessing) and for the account (the tenth in a row, from
 * any addresses, locks it for 15 minutes to every address its user has not signed in from lately: guessing spread
 * over many machines). One who only knows a user name can lock it from their own machine, never from the user's.
 * A browser the user has signed in from (its device cookie, `knownDevice`) counts for itself instead of its address,
 * and no address's or account's lock holds it out: behind one NAT, "the user's machine" and the guesser's share an
 * address. The right password is refused when the account has signed in `MAX_SIGN_INS` times within the window, and
 * a sign-in beyond `MAX_SESSIONS` open ends the oldest.
 * Sign-ins run one at a time (the writer's lock; on PostgreSQL its sign-in lane, writer-ops.ts), so parallel guesses count
 * as well as sequential ones.
 */
export async function signIn(store: Store, username: string, password: string, client: ClientInfo = {}): Promise<SignIn> {
  const user = await store.prisma.user.findUnique({ where: { username } });
  const now = new Date();
  const address = client.address ?? "?";
  if (!user) {
    // as long as a real check (and as short while locked), so that timing does not tell which user names exist
    const locked = phantomLock(store, username, address, now.getTime());
    if (!locked) await verifyPassword(password, "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
    // not the name as typed: a password typed into the name's field would be readable by whoever reads the log
    await auditAttempt(store, username, client.address, {
      actor: UNKNOWN_USER_ACTOR,
      action: "auth.signInFailed",
      entityId: "",
      detail: { reason: "unknown user", typed: maskedName(username) },
    });
    throw locked ?? phantomFailure(store, username, address, now.getTime());
  }
  if (user.disabledAt) {
    // said only to whoever knows the password: to anyone else a disabled account answers as a wrong password, as slowly
    // and locking as one (phantomFailure)
    const locked = phantomLock(store, username, address, now.getTime());
    const known = !locked && (await verifyPassword(password, user.passwordHash));
    await auditAttempt(store, username, client.address, {
      actor: actorName(user),
      action: known ? "auth.signInRefused" : "auth.signInFailed",
      entityId: String(user.id),
      detail: { reason: "disabled" },
    });
    if (locked) throw locked;
    if (!known) throw phantomFailure(store, username, address, now.getTime());
    throw new AppError(ErrorCodes.Forbidden, "该账号已被停用：请联系系统管理员", "the account is disabled");
  }
  // a browser this account has signed in from before (its device cookie): its wrong passwords count, and lock, for it
  // alone, and no lock set by others holds it out — neither the address's (three wrong passwords sent by anyone behind
  // the office's NAT locked the account for the whole office: a security review) nor the account's
  const device = deviceHash(client.device);
  const ownDevice = device !== null && (await knownDevice(store, user.id, device, now, user.passwordChangedAt));
  const lockKey = ownDevice ? deviceLockKey(device) : address;
  const here = await store.prisma.signInLock.findUnique({ where: { userId_address: { userId: user.id, address: lockKey } } });
  const lockedHere = here?.lockedUntil && here.lockedUntil > now ? here.lockedUntil : null;
  const ownComputer = async () => ownDevice || (await knownAddress(store, user.id, address, now));
  const lockedAccount = user.lockedUntil && user.lockedUntil > now && !(await ownComputer()) ? user.lockedUntil : null;
  const until = lockedHere ?? lockedAccount;
  if (until) {
    await auditAttempt(store, username, client.address, {
      actor: actorName(user),
      action: "auth.signInRefused",
      entityId: String(user.id),
      detail: { reason: lockedHere ? "locked" : "lockedAccount" },
    });
    throw lockedError(lockedHere ? "address" : "account", until);
  }
  if (!(await verifyPassword(password, user.passwordHash))) {
    const { failedHere, lockHere, upsert } = failureHere(store, user.id, lockKey, here, now);
    const failed = user.failedAttempts + 1;
    const lockAccount = failed >= MAX_FAILED_SIGN_INS_ACCOUNT;
    await store.prisma.$transaction([
      upsert,
      store.prisma.user.update({
        where: { id: user.id },
        data: { failedAttempts: lockAccount ? 0 : failed, lockedUntil: lockAccount ? new Date(now.getTime() + LOCK_MS) : user.lockedUntil },
      }),
    ]);
    const scope = lockHere ? "address" : lockAccount ? "account" : null;
    const detail = { failedAttempts: failedHere, accountFailedAttempts: failed, ...(scope ? { scope } : {}) };
    // a lock is always audited; a failure up to the allowance
    if (scope) await audit(store, actorName(user), "auth.locked", String(user.id), detail, client.address);
    else await auditAttempt(store, username, client.address, { actor: actorName(user), action: "auth.signInFailed", entityId: String(user.id), detail });
    // an account-wide lock does not stop its user's own computers: this one is locked only if it is not one of them
    if (lockHere || (lockAccount && !(await ownComputer()))) {
      throw lockedError(lockHere ? "address" : "account", new Date(now.getTime() + LOCK_MS));
    }
    throw refusedSignIn();
  }
  // the right password, but the account has signed in as often as a window allows: refused (said only to one who knows
  // the password, as a disabled account is), nothing written but the first refusal of the window
  const window = await recentSignIns(store, user.id, now, user.passwordChangedAt);
  if (window.count >= MAX_SIGN_INS) {
    if (firstOverRate(store, user.id, now.getTime())) {
      await audit(store, actorName(user), "auth.signInRefused", String(user.id), { reason: "tooManySignIns", signIns: window.count }, client.address);
    }
    throw tooManySignIns(window.freeAt);
  }
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + SESSION_IDLE_MS);
  await store.prisma.$transaction([
    // the account's count starts again; an account-wide lock stays for the addresses it holds out
    store.prisma.user.update({ where: { id: user.id }, data: { failedAttempts: 0 } }),
    store.prisma.signInLock.deleteMany({ where: { userId: user.id, address: lockKey } }),
    store.prisma.session.create({
      data: {
        id: tokenHash(token),
        userId: user.id,
        expiresAt,
        address: client.address ?? null,
        userAgent: client.userAgent?.slice(0, 300) ?? null,
        device: deviceHash(client.newDevice),
      },
    }),
  ]);
  const ended = await endOldestSessions(store, user.id, now);
  await audit(store, actorName(user), "auth.signIn", String(user.id), ended > 0 ? { sessionsEnded: ended } : {}, client.address);
  return { user: sessionUserOf(user), token, expiresAt };
}

/** The account's sign-ins within the window (sessions made, ended since or not), and when the window has room again. */
async function recentSignIns(store: Store, userId: number, now: Date, passwordChangedAt: Date): Promise<{ count: number; freeAt: Date }> {
  // since the password was last changed or reset: whoever spent the window with the old one leaves the user a new one
  const since = new Date(Math.max(now.getTime() - SIGN_INS_WINDOW_MS, passwordChangedAt.getTime()));
  const where = { userId, createdAt: { gt: since } };
  const count = await store.prisma.session.count({ where });
  if (count < MAX_SIGN_INS) return { count, freeAt: now };
  // the sign-in that leaves the window next gives room for one: the count-th newest
  const nth = await store.prisma.session.findFirst({ where, orderBy: { createdAt: "desc" }, skip: MAX_SIGN_INS - 1, select: { createdAt: true } });
  return { count, freeAt: new Date((nth?.createdAt.getTime() ?? now.getTime()) + SIGN_INS_WINDOW_MS) };
}

/**
 * Whether the account is over its sign-ins now (a read, for the request thread): such a sign-in does not go before the
 * writes waiting (writer-ops.ts), so that a script signing in without end does not hold up everyone's changes.
 */
export async function signInsExhausted(store: Store, username: string): Promise<boolean> {
  const user = await store.prisma.user.findUnique({ where: { username }, select: { id: true, passwordChangedAt: true } });
  return user !== null && (await recentSignIns(store, user.id, new Date(), user.passwordChangedAt)).count >= MAX_SIGN_INS;
}

/**
 * Whether this browser (its device cookie) proves one of the account's devices, for the request thread's limit of
 * failures per address (apps/server/src/auth.ts): a read, nothing written.
 */
export async function signInFromOwnDevice(store: Store, username: string, deviceToken: string | null | undefined): Promise<boolean> {
  const device = deviceHash(deviceToken);
  if (!device) return false;
  const user = await store.prisma.user.findUnique({ where: { username }, select: { id: true, disabledAt: true, passwordChangedAt: true } });
  return user !== null && user.disabledAt === null && (await knownDevice(store, user.id, device, new Date(), user.passwordChangedAt));
}

/** By store and user: when a refusal for too many sign-ins was last audited (once a window). */
const overRateAudited = new WeakMap<Store, Map<number, number>>();

function firstOverRate(store: Store, userId: number, now: number): boolean {
  const byUser = overRateAudited.get(store) ?? new Map<number, number>();
  overRateAudited.set(store, byUser);
  if ((byUser.get(userId) ?? 0) > now - SIGN_INS_WINDOW_MS) return false;
  byUser.set(userId, now);
  return true;
}

function tooManySignIns(freeAt: Date): AppError {
  return new AppError(
    ErrorCodes.Busy,
    `该账号 ${SIGN_INS_WINDOW_MS / 60_000} 分钟内已登录 ${MAX_SIGN_INS} 次，暂停登录至 ${formatShanghai(freeAt.getTime(), "time-minute")}：已登录的页面照常使用；若不是您本人所为，请联系系统管理员`,
    "this account has signed in too often; try again later",
    { tooManySignIns: true },
  );
}

/** End the user's longest idle live sessions beyond `MAX_SESSIONS` (after a sign-in): how many ended. */
async function endOldestSessions(store: Store, userId: number, now: Date): Promise<number> {
  const live = {
    userId,
    revokedAt: null,
    expiresAt: { gt: now },
    createdAt: { gt: new Date(now.getTime() - SESSION_MAX_MS) },
  };
  const beyond = await store.prisma.session.findMany({
    where: live,
    // the longest idle ended, not the first made: a script's twenty sign-ins ended the sessions its user was working in
    orderBy: [{ lastSeenAt: "desc" }, { createdAt: "desc" }, { id: "asc" }],
    skip: MAX_SESSIONS,
    select: { id: true },
  });
  if (beyond.length === 0) return 0;
  const { count } = await store.prisma.session.updateMany({ where: { id: { in: beyond.map((b) => b.id) }, revokedAt: null }, data: { revokedAt: now } });
  return count;
}

/** Who a failed sign-in under a name no account has is written down as in the audit log. */
const UNKNOWN_USER_ACTOR = "（不存在的用户名）";

/** A name as typed, shown by its first character and its length only (it may be a password typed in the wrong field). */
function maskedName(typed: string): string {
  const chars = [...typed];
  return `${chars[0] ?? ""}${"*".repeat(Math.min(chars.length - 1, 39))}（${chars.length} 个字符）`;
}

interface Failures {
  failed: number;
  lockedUntil: number;
}
/** Wrong passwords for a name no account has (or a disabled one's), per name: in all, and per address. */
interface Phantom extends Failures {
  here: Map<string, Failures>;
}
const phantoms = new WeakMap<Store, Map<string, Phantom>>();

/**
 * The lock a name no account has (or a disabled account) is under from this address, or null. Such names lock as an
 * account does, after as many wrong passwords and for as long: otherwise the lock would tell a guesser which names
 * are real. Kept in memory (sign-ins run one at a time in one thread) and bounded; a restart forgets them.
 */
function phantomLock(store: Store, username: string, address: string, now: number): AppError | null {
  const phantom = phantoms.get(store)?.get(username);
  const here = phantom?.here.get(address);
  if (here && here.lockedUntil > now) return lockedError("address", new Date(here.lockedUntil));
  if (phantom && phantom.lockedUntil > now) return lockedError("account", new Date(phantom.lockedUntil));
  return null;
}

/**
 * Count a wrong password for a name no account has (or a disabled one) not under a lock (`phantomLock`, which the
 * caller asked first): the error to answer, as `signIn` would.
 */
function phantomFailure(store: Store, username: string, address: string, now: number): AppError {
  const byName = phantoms.get(store) ?? new Map<string, Phantom>();
  phantoms.set(store, byName);
  const phantom = byName.get(username) ?? { failed: 0, lockedUntil: 0, here: new Map() };
  byName.set(username, phantom);
  // bounded: the oldest name goes first
  if (byName.size > 10_000) byName.delete(byName.keys().next().value as string);
  const here = phantom.here.get(address) ?? { failed: 0, lockedUntil: 0 };
  phantom.here.set(address, here);
  if (phantom.here.size > 1_000) phantom.here.delete(phantom.here.keys().next().value as string);
  here.failed++;
  phantom.failed++;
  if (here.failed >= MAX_FAILED_SIGN_INS) {
    here.failed = 0;
    here.lockedUntil = now + LOCK_MS;
  }
  if (phantom.failed >= MAX_FAILED_SIGN_INS_ACCOUNT) {
    phantom.failed = 0;
    phantom.lockedUntil = now + LOCK_MS;
  }
  return phantomLock(store, username, address, now) ?? refusedSignIn();
}

/**
 * Whether the user has signed in from this browser lately (its device cookie's hash on a session made within
 * `KNOWN_DEVICE_MS`): no lock set by wrong passwords sent from elsewhere holds it out.
 */
async function knownDevice(store: Store, userId: number, device: string, now: Date, passwordChangedAt: Date): Promise<boolean> {
  // a device signed in from before the password was last changed or reset proves nothing: an intruder's browser kept
  // passing the locks after the administrator's reset (a review)
  const since = new Date(Math.max(now.getTime() - KNOWN_DEVICE_MS, passwordChangedAt.getTime()));
  return (await store.prisma.session.count({ where: { userId, device, createdAt: { gt: since } }, take: 1 })) > 0;
}

/** Whether the user has signed in from this address lately: an account-wide lock leaves such addresses open. */
async function knownAddress(store: Store, userId: number, address: string, now: Date): Promise<boolean> {
  const since = new Date(now.getTime() - KNOWN_ADDRESS_MS);
  return (await store.prisma.session.count({ where: { userId, address, createdAt: { gt: since } }, take: 1 })) > 0;
}

function lockedError(scope: "address" | "account", until: Date): AppError {
  const time = formatShanghai(until.getTime(), "time-minute");
  return scope === "address"
    ? new AppError(
        ErrorCodes.Locked,
        `在这台电脑上密码连续错误 ${MAX_FAILED_SIGN_INS} 次，这台电脑登录该账号已锁定至 ${time}：请稍后再试，或请系统管理员重置密码`,
        "this address is locked out of the account",
      )
    : new AppError(
        ErrorCodes.Locked,
        `该账号近来被多处连续输错密码 ${MAX_FAILED_SIGN_INS_ACCOUNT} 次，已锁定至 ${time}（本人曾登录过的电脑不受影响）：请在常用电脑上登录，或请系统管理员重置密码`,
        "the account is locked to addresses it was not used from",
      );
}

/**
 * The user of a session token, or null (unknown, expired, revoked, disabled). Only reads: a session in use is
 * kept alive by `touchSession`, which `due` says is needed (at most once a minute).
 */
export async function sessionUser(store: Store, token: string): Promise<{ user: SessionUser; due: boolean } | null> {
  if (!token || token.length > 200) return null;
  const session = await store.prisma.session.findUnique({ where: { id: tokenHash(token) }, include: { user: true } });
  const now = Date.now();
  if (!session || session.revokedAt || session.expiresAt.getTime() <= now || session.user.disabledAt) return null;
  if (session.createdAt.getTime() + SESSION_MAX_MS <= now) return null;
  return { user: sessionUserOf(session.user), due: session.lastSeenAt.getTime() < now - 60_000 };
}

/** Keep a session in use alive for another idle period (never past its maximum age). */
export async function touchSession(store: Store, token: string): Promise<void> {
  const now = Date.now();
  const id = tokenHash(token);
  const session = await store.prisma.session.findUnique({ where: { id } });
  if (!session || session.revokedAt) return;
  const until = Math.min(now + SESSION_IDLE_MS, session.createdAt.getTime() + SESSION_MAX_MS);
  await store.prisma.session.update({ where: { id }, data: { lastSeenAt: new Date(now), expiresAt: new Date(until) } });
}

/** Who created the 系统管理员 of a first start: no person did, the program did (`createdBy`). */
const FIRST_START = "系统（首次启动）";

/** The first start of an empty store: a 系统管理员 with a random password, shown once. Null when users exist. */
export async function ensureFirstAdmin(store: Store): Promise<{ username: string; password: string } | null> {
  if ((await store.prisma.user.count({ where: { role: "sysadmin", disabledAt: null } })) > 0) return null;
  const password = randomPassword();
  const username = (await store.prisma.user.findUnique({ where: { username: "admin" } })) ? `admin${Date.now() % 10000}` : "admin";
  await createUser(store, { username, displayName: "系统管理员", role: "sysadmin", password, mustChangePassword: true }, FIRST_START);
  return { username, password };
}

/**
 * Where the password a user must change came from: `firstStart`, the one generated at the first start (the account
 * was created by the first start and no administrator has reset it since: a reset is always audited), else `given`
 * (set by an administrator, at creation or a reset). Null when the user need not change it.
 */
export async function passwordToChangeOrigin(store: Store, user: SessionUser): Promise<"firstStart" | "given" | null> {
  if (!user.mustChangePassword) return null;
  const row = await store.prisma.user.findUnique({ where: { id: user.id }, select: { createdBy: true } });
  if (row?.createdBy !== FIRST_START) return "given";
  const resets = await store.prisma.auditLog.count({ where: { entity: "users", entityId: String(user.id), action: "user.resetPassword" } });
  return resets === 0 ? "firstStart" : "given";
}

export async function signOut(store: Store, token: string, client: ClientInfo = {}): Promise<void> {
  const session = await store.prisma.session.findUnique({ where: { id: tokenHash(token) }, include: { user: true } });
  if (!session || session.revokedAt) return;
  await store.prisma.session.update({ where: { id: session.id }, data: { revokedAt: new Date() } });
  await audit(store, actorName(session.user), "auth.signOut", String(session.userId), {}, client.address);
}

/** Revoke every session of a user but `keep` (a password change keeps the session it was made in); `sessions`: the store's, or a transaction's. */
async function revokeSessions(sessions: Store["prisma"]["session"], userId: number, keep?: string): Promise<number> {
  const { count } = await sessions.updateMany({
    where: { userId, revokedAt: null, ...(keep ? { id: { not: tokenHash(keep) } } : {}) },
    data: { revokedAt: new Date() },
  });
  return count;
}

/**
 * A wrong password typed at this address, counted toward its lock (MAX_FAILED_SIGN_INS in a row): the count, whether
 * this one locks the address, and the write that records it (for the caller's transaction).
 */
function failureHere(
  store: Store,
  userId: number,
  address: string,
  here: { failedAttempts: number; lockedUntil: Date | null } | null,
  now: Date,
): { failedHere: number; lockHere: boolean; upsert: ReturnType<Store["prisma"]["signInLock"]["upsert"]> } {
  const failedHere = (here?.failedAttempts ?? 0) + 1;
  const lockHere = failedHere >= MAX_FAILED_SIGN_INS;
  const next = {
    failedAttempts: lockHere ? 0 : failedHere,
    lockedUntil: lockHere ? new Date(now.getTime() + LOCK_MS) : (here?.lockedUntil ?? null),
    updatedAt: now,
  };
  const upsert = store.prisma.signInLock.upsert({
    where: { userId_address: { userId, address } },
    create: { userId, address, ...next },
    update: next,
  });
  return { failedHere, lockHere, upsert };
}

/**
 * A user changes their own password: the current one is needed, other sessions are signed out. A wrong current
 * password counts as a wrong password at sign-in (audited; the third in a row at this address ends this session and
 * locks the address): a session left open on a shared PC is no way round the sign-in's lock.
 */
export async function changePassword(
  store: Store,
  user: SessionUser,
  current: string,
  next: string,
  token: string,
  client: ClientInfo = {},
): Promise<{ otherSessionsEnded: number }> {
  const row = await store.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
  if (!(await verifyPassword(current, row.passwordHash))) {
    const address = client.address ?? "?";
    const now = new Date();
    const here = await store.prisma.signInLock.findUnique({ where: { userId_address: { userId: user.id, address } } });
    const { failedHere, lockHere, upsert } = failureHere(store, user.id, address, here, now);
    await store.prisma.$transaction([upsert]);
    await audit(
      store,
      actorName(user),
      lockHere ? "auth.locked" : "user.changePasswordFailed",
      String(user.id),
      { failedAttempts: failedHere, ...(lockHere ? { scope: "address", during: "changePassword" } : {}) },
      client.address,
    );
    if (lockHere) {
      await store.prisma.session.updateMany({ where: { id: tokenHash(token), revokedAt: null }, data: { revokedAt: now } });
      throw lockedError("address", new Date(now.getTime() + LOCK_MS));
    }
    throw new AppError(ErrorCodes.BadInput, "当前密码不正确", "the current password is wrong");
  }
  const problem = passwordProblem(next, row.username);
  if (problem) throw new AppError(ErrorCodes.BadInput, problem, "the new password does not meet the rules");
  if (await verifyPassword(next, row.passwordHash)) throw new AppError(ErrorCodes.BadInput, "新密码不能与当前密码相同", "the new password is the old one");
  await store.prisma.user.update({
    where: { id: user.id },
    data: { passwordHash: await hashPassword(next), mustChangePassword: false, passwordChangedAt: new Date() },
  });
  const revoked = await revokeSessions(store.prisma.session, user.id, token);
  await audit(store, actorName(user), "user.changePassword", String(user.id), { otherSessionsEnded: revoked }, client.address);
  return { otherSessionsEnded: revoked };
}

/** An administrator sets a new password: the user must change it at the next sign-in; every session ends. */
export async function resetPassword(store: Store, userId: number, password: string, actor: string, address?: string | null): Promise<void> {
  const row = await store.prisma.user.findUnique({ where: { id: userId } });
  if (!row) throw new AppError(ErrorCodes.NotFound, "没有这个用户", "no such user");
  const problem = passwordProblem(password, row.username);
  if (problem) throw new AppError(ErrorCodes.BadInput, problem, "the password does not meet the rules");
  await store.prisma.user.update({
    where: { id: userId },
    data: { passwordHash: await hashPassword(password), mustChangePassword: true, failedAttempts: 0, lockedUntil: null, passwordChangedAt: new Date() },
  });
  await store.prisma.signInLock.deleteMany({ where: { userId } });
  const revoked = await revokeSessions(store.prisma.session, userId);
  await audit(store, actor, "user.resetPassword", String(userId), { username: row.username, sessionsEnded: revoked }, address);
}

/** Disable (every session ends, sign-in refused) or enable a user. An administrator can't disable themself. */
export async function setUserDisabled(store: Store, userId: number, disabled: boolean, actor: SessionUser, address?: string | null): Promise<void> {
  if (disabled && userId === actor.id) throw new AppError(ErrorCodes.Forbidden, "不能停用自己的账号", "you cannot disable yourself");
  const row = await store.prisma.user.findUnique({ where: { id: userId } });
  if (!row) throw new AppError(ErrorCodes.NotFound, "没有这个用户", "no such user");
  await store.prisma.user.update({ where: { id: userId }, data: { disabledAt: disabled ? new Date() : null } });
  const revoked = disabled ? await revokeSessions(store.prisma.session, userId) : 0;
  await audit(store, actorName(actor), disabled ? "user.disable" : "user.enable", String(userId), { username: row.username, sessionsEnded: revoked }, address);
}

/** What an administrator may change of an account (the user name stays: it is in the audit log). */
export interface UserChanges {
  displayName: string;
  role: Role;
  /** a unit user's unit (its code); ignored for the other roles */
  unitCode?: string | null;
}

/** What `updateUser` changed: nothing, the name only, or what the user may see and do (their sessions then end). */
export interface UserUpdate {
  changed: ("displayName" | "role" | "unitCode")[];
  sessionsEnded: number;
}

/**
 * An administrator changes an account's name, role or unit. A change of role or unit ends the user's sessions (they
 * sign in again and see what the new role lets them); an administrator can't change their own role, and the last
 * enabled 系统管理员 keeps the role (whoever changes it: the command line too).
 */
export async function updateUser(store: Store, userId: number, changes: UserChanges, actor: SessionUser, address?: string | null): Promise<UserUpdate> {
  const { displayName, unitCode } = await checkedAccess(store, changes);
  return store.prisma.$transaction(async (tx) => {
    const row = await tx.user.findUnique({ where: { id: userId } });
    if (!row) throw new AppError(ErrorCodes.NotFound, "没有这个用户", "no such user");
    const changed: UserUpdate["changed"] = [];
    if (row.displayName !== displayName) changed.push("displayName");
    if (row.role !== changes.role) changed.push("role");
    if (row.unitCode !== unitCode) changed.push("unitCode");
    if (changed.length === 0) return { changed, sessionsEnded: 0 };
    if (changed.includes("role") && userId === actor.id) {
      throw new AppError(ErrorCodes.Forbidden, "不能修改自己的角色：请另一位系统管理员修改", "you cannot change your own role");
    }
    if (row.role === "sysadmin" && changes.role !== "sysadmin" && row.disabledAt === null) {
      const others = await tx.user.count({ where: { role: "sysadmin", disabledAt: null, id: { not: userId } } });
      if (others === 0) throw new AppError(ErrorCodes.Conflict, "这是唯一启用的系统管理员账号，不能改为其他角色", "the last enabled sysadmin keeps the role");
    }
    await tx.user.update({ where: { id: userId }, data: { displayName, role: changes.role, unitCode } });
    const access = changed.includes("role") || changed.includes("unitCode");
    const count = access ? await revokeSessions(tx.session, userId) : 0;
    await tx.auditLog.create({
      data: {
        actor: actorName(actor),
        action: "user.update",
        entity: "users",
        entityId: String(userId),
        detail: {
          username: row.username,
          before: { displayName: row.displayName, role: row.role, unitCode: row.unitCode },
          after: { displayName, role: changes.role, unitCode },
          sessionsEnded: count,
        },
        address: address ?? null,
      },
    });
    return { changed, sessionsEnded: count };
  });
}
