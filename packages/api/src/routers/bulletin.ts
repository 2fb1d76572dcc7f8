/**
 * 《投诉动态》: the month's bulletin as it will print, and the part the center writes (issue, date, lead paragraph); the
 * year's (年度考核结果通报) the same way, by the same people.
 */

import type { Store } from "@kaohe/db";
import { BULLETIN_ISSUE_MAX, BULLETIN_LEAD_MAX, BULLETIN_TITLE_MAX, bulletinData, saveBulletinText, yearBulletinData } from "@kaohe/services";
import { z } from "zod";
import { daySchema, monthSchema, yearSchema } from "../schemas.ts";
import { procedure, router } from "../trpc.ts";

/** The written part as the month's and the year's saves take it. */
const textFields = {
  issue: z
    .int({ error: "期号应为整数" })
    .min(1, { error: "期号从 1 开始" })
    .max(BULLETIN_ISSUE_MAX, { error: `期号最大为 ${BULLETIN_ISSUE_MAX}` }),
  issuedOn: daySchema("印发日期", "2018-12-05"),
  // the length is checked again after trimming, with the count in the message
  lead: z.string().max(BULLETIN_LEAD_MAX * 2, { error: `导言最多 ${BULLETIN_LEAD_MAX} 字` }),
  // the bulletin's name, the center's for every month and year (checked again after trimming)
  title: z
    .string()
    .max(BULLETIN_TITLE_MAX * 2, { error: `通报名称最多 ${BULLETIN_TITLE_MAX} 字` })
    .optional(),
};
type TextInput = z.infer<z.ZodObject<typeof textFields>>;

/** The written part saved for a month or a year, by whom and from where (audited). */
const saveText = (ctx: { store: Store; actor: string; address?: string | null | undefined }, period: string, input: TextInput) =>
  saveBulletinText(ctx.store, {
    period,
    issue: input.issue,
    issuedOn: input.issuedOn,
    lead: input.lead,
    ...(input.title === undefined ? {} : { title: input.title }),
    actor: ctx.actor,
    address: ctx.address,
  });

export const bulletinRouter = router({
  /** The bulletin's content for the month: every unit's ranking, so those who see previews (as the XLSX report). */
  get: procedure
    .meta({ permission: "results.read", runsOn: "reader" })
    .input(z.strictObject({ month: monthSchema }))
    .query(({ ctx, input }) => bulletinData(ctx.store, input.month)),
  /** Save the issue number, date and lead paragraph with the month, and the bulletin's name (audited): part of publishing the results. */
  save: procedure
    .meta({ permission: "results.publish" })
    .input(z.strictObject({ month: monthSchema, ...textFields }))
    .mutation(({ ctx, input }) => saveText(ctx, input.month, input)),
  /** The year's bulletin (年度考核结果通报) as it will print: every unit's year-end result, previews too, as the month's. */
  year: procedure
    .meta({ permission: "results.read", runsOn: "reader" })
    .input(z.strictObject({ year: yearSchema }))
    .query(({ ctx, input }) => yearBulletinData(ctx.store, input.year)),
  /** Save the year's issue number, date and lead paragraph with the year (audited), as the month's are saved. */
  saveYear: procedure
    .meta({ permission: "results.publish" })
    .input(z.strictObject({ year: yearSchema, ...textFields }))
    .mutation(({ ctx, input }) => saveText(ctx, input.year, input)),
});
