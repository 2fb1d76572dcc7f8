/**
 * The installation's settings, one row each: the center's name (shown in the
 * console's header and used by reports), set on first use and changed by a
 * 系统管理员 (every change audited). And the latest month the data reaches,
 * which the console opens by default.
 */

import type { Database, Store } from "@kaohe/db";
import { AppError, ErrorCodes } from "@kaohe/db";
import { shanghaiMonth } from "@kaohe/time";

const CENTER_NAME = "centerName";
/**
 * Control, line-separator, zero-width and direction characters: a name that looks like another, or shows otherwise
 * than it reads (the center's, a user's: users.ts).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
export const INVISIBLE_IN_NAME = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060\u2066-\u2069\ufeff]/;
/** Longest center name accepted (a county's full center name is about 20 characters). */
export const CENTER_NAME_MAX = 60;

/**
 * The name of the center's monthly bulletin: Huantai's regulation calls it 《投诉动态》 (办法四（一）), another center
 * calls its own otherwise (《12345热线工作通报》): set with a month's bulletin text (bulletin-text.ts), the same for
 * every month after (a new county's walk found it fixed).
 */
export const BULLETIN_TITLE = "bulletinTitle";
export const DEFAULT_BULLETIN_TITLE = "投诉动态";
/** Longest bulletin name accepted. */
export const BULLETIN_TITLE_MAX = 20;

export async function getBulletinTitle(db: Database): Promise<string> {
  const row = await db.prisma.setting.findUnique({ where: { key: BULLETIN_TITLE } });
  return row?.value ?? DEFAULT_BULLETIN_TITLE;
}

/** The center's name ("桓台县民生热线服务中心"), or null while nobody has set it. */
export async function getCenterName(db: Database): Promise<string | null> {
  const row = await db.prisma.setting.findUnique({ where: { key: CENTER_NAME } });
  return row?.value ?? null;
}

/** Set the center's name; the change (from what, to what, by whom) goes to the audit log. */
export async function setCenterName(db: Database, name: string, actor: string, address?: string | null): Promise<string> {
  const value = name.trim().replace(/\s+/g, " ");
  if (!value) throw new AppError(ErrorCodes.BadInput, "请填写中心名称", "the center's name is empty");
  if (value.length > CENTER_NAME_MAX) throw new AppError(ErrorCodes.BadInput, `中心名称请控制在 ${CENTER_NAME_MAX} 字以内`, "the center's name is too long");
  if (INVISIBLE_IN_NAME.test(value)) throw new AppError(ErrorCodes.BadInput, "中心名称不能含控制字符或零宽字符", "control characters in the center's name");
  await db.prisma.$transaction(async (tx) => {
    const before = await tx.setting.findUnique({ where: { key: CENTER_NAME } });
    await tx.setting.upsert({ where: { key: CENTER_NAME }, create: { key: CENTER_NAME, value, updatedBy: actor }, update: { value, updatedBy: actor } });
    await tx.auditLog.create({
      data: {
        actor,
        action: "settings.centerName",
        entity: "settings",
        entityId: CENTER_NAME,
        detail: { from: before?.value ?? null, to: value },
        address: address ?? null,
      },
    });
  });
  return value;
}

/**
 * The latest month any order was received in (Beijing time), or null with no orders.
 * Asked unit by unit: on SQLite the orders are stored by (unit, receipt time), so each
 * unit's latest is one step down its range, never a scan of the table.
 */
export async function latestDataMonth(store: Store): Promise<string | null> {
  return dataMonthBy(store, "MAX");
}

/** The earliest month any unit has an order received in (null: none): where a new center's first rubric starts. */
export async function earliestDataMonth(store: Store): Promise<string | null> {
  return dataMonthBy(store, "MIN");
}

async function dataMonthBy(store: Store, end: "MIN" | "MAX"): Promise<string | null> {
  const [row] = await store.raw.query<{ at: number | string | null }>(
    `SELECT ${end}((SELECT ${end}(o."receivedAt") FROM "orders" o WHERE o."unit" = u."code")) AS at FROM "units" u`,
    [],
  );
  const at = row?.at === null || row?.at === undefined ? null : Number(row.at);
  return at === null || !Number.isFinite(at) ? null : shanghaiMonth(at);
}
