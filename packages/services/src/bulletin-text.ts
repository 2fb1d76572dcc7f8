/**
 * 《投诉动态》, the center's monthly bulletin (办法四（一）: "对存在的问题在当月《投诉动态》中通报"; 五: 每月排名通报):
 * the part a person writes — the issue number, the date it is issued and the
 * lead paragraph — kept with the month, so the bulletin downloaded next week
 * reads as it did when the administrator edited it. Everything else in the
 * bulletin (rankings, explanations owed, the month's problems) is the month's
 * result, generated when it is downloaded. Every change is audited.
 *
 * The year's bulletin (年度考核结果通报, year-bulletin.ts) is written the same way and kept in the same table under
 * the year ("2018"): a row per bulletin, keyed by its period, needs no new column, and "2018" sorts before "2018-01",
 * so the months' "issue after the year's last saved one" (bulletin.ts) never reads the year's row.
 */

import type { Store } from "@kaohe/db";
import { AppError, ErrorCodes } from "@kaohe/db";
import { isDay, isMonth, isYear } from "@kaohe/time";
import { BULLETIN_TITLE, BULLETIN_TITLE_MAX, getBulletinTitle } from "./settings.ts";

export interface BulletinText {
  period: string;
  /** the issue of the year: 第 N 期 */
  issue: number;
  /** the day it is issued, YYYY-MM-DD (Beijing) */
  issuedOn: string;
  lead: string;
  updatedBy: string;
  updatedAt: Date;
}

export interface SaveBulletinInput {
  /** the month (YYYY-MM), or the year (YYYY) for the year's bulletin */
  period: string;
  issue: number;
  issuedOn: string;
  lead: string;
  /** the bulletin's name (《…》 taken off), the center's for every month: unchanged when absent */
  title?: string;
  actor: string;
  address?: string | null;
}

/** A lead is a paragraph or a few: a whole report belongs in an attachment, not in the bulletin's opening. */
export const BULLETIN_LEAD_MAX = 2000;
export const BULLETIN_ISSUE_MAX = 999;

// direction marks too (U+200E/F; the overrides U+202A–E, U+2066–9 are refused with every input's controls before this):
// they show the words beside them in another order than the text's (a fuzz of every procedure)
// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters (other than line breaks) is the point
const CONTROL = /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]/;
/** The joiner inside an emoji sequence (👨‍👩‍👧, 🏃‍♀️) is part of the picture, not a hidden character: only it is let through. */
const EMOJI_JOINER = /(?<=\p{Extended_Pictographic}[\uFE0F\u{1F3FB}-\u{1F3FF}]?)\u200D(?=\p{Extended_Pictographic})/gu;

/** The text saved for the month (or the year), or null while nobody has edited it. */
export async function getBulletinText(store: Store, period: string): Promise<BulletinText | null> {
  const row = await store.prisma.bulletin.findUnique({ where: { period } });
  return row && { period: row.period, issue: row.issue, issuedOn: row.issuedOn, lead: row.lead, updatedBy: row.updatedBy, updatedAt: row.updatedAt };
}

function check(input: SaveBulletinInput): { issue: number; issuedOn: string; lead: string } {
  if (!isMonth(input.period) && !isYear(input.period)) {
    throw new AppError(ErrorCodes.BadInput, `月份应写成 2018-11（年度通报写年份 2018），而不是“${input.period.slice(0, 20)}”`, "bad month or year");
  }
  if (!Number.isInteger(input.issue) || input.issue < 1 || input.issue > BULLETIN_ISSUE_MAX) {
    throw new AppError(ErrorCodes.BadInput, `期号应为 1 至 ${BULLETIN_ISSUE_MAX} 的整数`, "the issue is a whole number from 1");
  }
  if (!isDay(input.issuedOn)) {
    throw new AppError(ErrorCodes.BadInput, `印发日期应写成 2018-12-05，而不是“${input.issuedOn.slice(0, 20)}”`, "bad date");
  }
  // line ends as the editor sends them (a browser on Windows too), surrounding blank lines dropped
  const lead = input.lead.replace(/\r\n?/g, "\n").trim();
  if (!lead) throw new AppError(ErrorCodes.BadInput, "请填写导言：本期通报开头的一段说明", "the lead paragraph is empty");
  if (lead.length > BULLETIN_LEAD_MAX) {
    throw new AppError(ErrorCodes.BadInput, `导言最多 ${BULLETIN_LEAD_MAX} 字（现 ${lead.length} 字）：更长的材料请另行印发`, "the lead is too long");
  }
  if (CONTROL.test(lead.replace(EMOJI_JOINER, "")))
    throw new AppError(ErrorCodes.BadInput, "导言中有控制字符、零宽字符或方向标记：请删去后再保存", "control characters in the lead");
  return { issue: input.issue, issuedOn: input.issuedOn, lead };
}

/** A bulletin's name as given: its 《》 and spaces around it taken off; refused empty, too long or with a control character. */
function checkTitle(title: string): string {
  const value = title
    .trim()
    .replace(/^《\s*|\s*》$/g, "")
    .trim();
  if (!value) throw new AppError(ErrorCodes.BadInput, "请填写通报名称，如“投诉动态”", "the bulletin's name is empty");
  if (value.length > BULLETIN_TITLE_MAX)
    throw new AppError(ErrorCodes.BadInput, `通报名称最多 ${BULLETIN_TITLE_MAX} 字（现 ${value.length} 字）`, "the bulletin's name is too long");
  if (CONTROL.test(value) || /[\r\n《》]/.test(value))
    throw new AppError(ErrorCodes.BadInput, "通报名称中不能有换行、书名号以外的《》或看不见的字符", "control characters in the bulletin's name");
  return value;
}

/**
 * Save the month's (or the year's) bulletin text, and the bulletin's name when given (the center's, every month's); the change (what
 * it was, what it is now) goes to the audit log in the same transaction.
 */
export async function saveBulletinText(store: Store, input: SaveBulletinInput): Promise<BulletinText> {
  const value = check(input);
  const title = input.title === undefined ? undefined : checkTitle(input.title);
  const titleBefore = await getBulletinTitle(store);
  const renamed = title !== undefined && title !== titleBefore;
  const row = await store.prisma.$transaction(async (tx) => {
    const before = await tx.bulletin.findUnique({ where: { period: input.period } });
    // the text as it is already (a save clicked twice): nothing to change, nothing to audit
    if (!renamed && before && before.issue === value.issue && before.issuedOn === value.issuedOn && before.lead === value.lead) return before;
    const saved = await tx.bulletin.upsert({
      where: { period: input.period },
      create: { period: input.period, ...value, updatedBy: input.actor },
      update: { ...value, updatedBy: input.actor },
    });
    if (renamed)
      await tx.setting.upsert({
        where: { key: BULLETIN_TITLE },
        create: { key: BULLETIN_TITLE, value: title as string, updatedBy: input.actor },
        update: { value: title as string, updatedBy: input.actor },
      });
    await tx.auditLog.create({
      data: {
        actor: input.actor,
        action: "bulletin.update",
        entity: "bulletin",
        entityId: input.period,
        detail: {
          from: before ? { issue: before.issue, issuedOn: before.issuedOn, lead: before.lead, ...(renamed ? { title: titleBefore } : {}) } : null,
          to: { ...value, ...(renamed ? { title } : {}) },
        },
        address: input.address ?? null,
      },
    });
    return saved;
  });
  return { period: row.period, issue: row.issue, issuedOn: row.issuedOn, lead: row.lead, updatedBy: row.updatedBy, updatedAt: row.updatedAt };
}
