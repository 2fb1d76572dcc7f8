/**
 * The month's bulletin compares with last month's published result. A county's first month under kaohe has no last
 * month: its bulletin told the admin to publish a month without a single order first (found by a helper setting
 * kaohe up as a new county). A month without orders is said to be one, and nothing is asked of it. Its issue
 * number goes on from the center's own count.
 */
import type { Store } from "@kaohe/db";
import { databases, useTempDir, writeCsvText } from "@kaohe/db/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { bulletinData } from "../src/bulletin.ts";
import { saveBulletinText } from "../src/bulletin-text.ts";
import { publishPeriod } from "../src/publication.ts";
import { useRubricStore } from "./support/rubric-store.ts";
import { closedInMonthRubric } from "./support/test-rubrics.ts";

const dir = useTempDir("kaohe-bulletin-previous-");
let files = 0;
const file = (kind: string, lines: string[]) => ({ path: writeCsvText(dir, `${kind}-${++files}.csv`, lines), name: `${kind}-${files}.csv` });

describe.each(databases)("a bulletin's last month on $label", (target) => {
  const { store: storeOf, run } = useRubricStore(target, closedInMonthRubric(), () =>
    file("units", ["单位编码,单位名称,类别", "T1,新城镇,镇", "T2,唐山镇,镇"]),
  );
  let store: Store;
  beforeAll(() => {
    store = storeOf();
  });

  it("a first month (no order received the month before) is not compared, and publishing that month is not asked for", async () => {
    const orders = await run(
      file("orders", ["工单编号,承办单位,来源,受理时间,办理时限,办结时间", "A1,T1,县中心,2018-03-02 09:00,2018-03-09,2018-03-05 10:00"]),
    );
    expect(orders.ok).toBe(true);
    const first = await bulletinData(store, "2018-03");
    expect(first.previous).toMatchObject({ state: "none", note: "上月（2018年2月）无工单数据，本期不作比较。" });
    // a month with orders, not yet published: that one is asked for
    expect(
      (await run(file("orders", ["工单编号,承办单位,来源,受理时间,办理时限,办结时间", "B1,T2,县中心,2018-04-02 09:00,2018-04-09,2018-04-05 10:00"]))).ok,
    ).toBe(true);
    // May has an order of its own (a month without one is 无数据: no bulletin)
    expect(
      (await run(file("orders", ["工单编号,承办单位,来源,受理时间,办理时限,办结时间", "C1,T1,县中心,2018-05-02 09:00,2018-05-09,2018-05-05 10:00"]))).ok,
    ).toBe(true);
    expect((await bulletinData(store, "2018-05")).previous).toMatchObject({ state: "unpublished", note: "上月（2018年4月）结果尚未发布，本期不作比较。" });
    await publishPeriod(store, "2018-04", { actor: "测试员" });
    expect((await bulletinData(store, "2018-05")).previous.state).toBe("compared");
  });

  it("the issue follows the year's last saved one (a center's first bulletin, in August, read 第8期), else the month's", async () => {
    expect((await bulletinData(store, "2018-04")).issue).toBe(4);
    await saveBulletinText(store, { period: "2018-03", issue: 1, issuedOn: "2018-04-05", lead: "首期。", actor: "测试员" });
    expect(await bulletinData(store, "2018-04")).toMatchObject({ issue: 2, issueAfter: { period: "2018-03", issue: 1 } });
    expect(await bulletinData(store, "2018-05")).toMatchObject({ issue: 2, issueAfter: { period: "2018-03", issue: 1 } });
    // another year counts its own issues
    expect(
      (await run(file("orders", ["工单编号,承办单位,来源,受理时间,办理时限,办结时间", "D1,T1,县中心,2019-01-02 09:00,2019-01-09,2019-01-05 10:00"]))).ok,
    ).toBe(true);
    expect(await bulletinData(store, "2019-01")).toMatchObject({ issue: 1, issueAfter: null });
  });
});
