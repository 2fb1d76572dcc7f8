import { readFileSync } from "node:fs";
import { dataHash } from "@kaohe/db";
import { compileRubric } from "@kaohe/rules-engine";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACTOR, openSeededApi, rejection, type TestApi } from "./support.ts";

let api: TestApi;
beforeAll(async () => {
  api = await openSeededApi();
});
afterAll(() => api?.close());

describe("publication", () => {
  it("has nothing published at first", async () => {
    expect(await api.caller.publication.list()).toEqual([]);
    expect(await api.caller.publication.current({ period: "2017-10" })).toBeNull();
  });

  it("publishes a month as a frozen snapshot of what scores.month shows", async () => {
    const p = await api.caller.publication.publish({ period: "2017-10" });
    expect(p).toMatchObject({ period: "2017-10", schedule: "monthly", publishedBy: ACTOR, reason: null, supersededAt: null, rubric: { version: "2017" } });
    expect(typeof p.publishedAt).toBe("string");
    const scored = await api.caller.scores.month({ month: "2017-10" });
    const ranking = (units: typeof scored.units) => units.map((u) => [u.unit.code, u.published, u.rank]);
    expect(ranking(p.result.units)).toEqual(ranking(scored.units));

    const current = await api.caller.publication.current({ period: "2017-10" });
    expect(current?.id).toBe(p.id);
    expect(ranking(current?.result.units ?? [])).toEqual(ranking(scored.units));
  });

  it("will not publish the month again without a reason: CONFLICT, asking for one", async () => {
    const e = await rejection(api.caller.publication.publish({ period: "2017-10" }));
    expect(e.code).toBe("CONFLICT");
    expect(e.data.appCode).toBe("CONFLICT");
    expect(e.message).toMatch(/^2017-10 已由 测试员 于 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 发布；如因异议复核需重新发布，请填写原因$/);
    expect((await rejection(api.caller.publication.publish({ period: "2017-10", reason: "   " }))).code).toBe("CONFLICT");
  });

  it("re-publishes with a reason, keeping the earlier snapshot as superseded", async () => {
    const first = await api.caller.publication.current({ period: "2017-10" });
    const again = await api.caller.publication.publish({ period: "2017-10", reason: "唐山镇异议复核" });
    expect(again.reason).toBe("唐山镇异议复核");
    expect(again.id).not.toBe(first?.id);
    const list = await api.caller.publication.list();
    expect(list.map((p) => [p.id, p.supersededAt === null])).toEqual([
      [again.id, true],
      [first?.id, false],
    ]);
    expect((await api.caller.publication.current({ period: "2017-10" }))?.id).toBe(again.id);
  });

  it("reproduces a published month and a published year exactly", async () => {
    const month = await api.caller.publication.current({ period: "2017-10" });
    expect(await api.caller.publication.reproduce({ id: month?.id as number })).toEqual({ identical: true, dataUnchanged: true, differences: [] });
    const year = await api.caller.publication.publish({ period: "2017" });
    expect(year.schedule).toBe("yearly");
    expect(await api.caller.publication.reproduce({ id: year.id })).toEqual({ identical: true, dataUnchanged: true, differences: [] });
  });

  it("tells whether the data behind a publication changed since, reading the period's records page by page", async () => {
    const month = await api.caller.publication.current({ period: "2017-10" });
    const id = month?.id as number;
    const rubric = compileRubric(readFileSync(new URL("../../../rules/huantai/2017.kh", import.meta.url), "utf8"));
    // the same fingerprint whether the month's orders are read 7 at a time or 10,000 at a time
    expect(await dataHash(api.store, rubric, "2017-10", { pageSize: 7 })).toBe(await dataHash(api.store, rubric, "2017-10"));

    const orderIn = async (from: string, to: string) => {
      const [row] = await api.store.raw.query<{ id: string }>(`SELECT "id" FROM "orders" WHERE "receivedAt" >= ? AND "receivedAt" < ? ORDER BY "id" LIMIT 1`, [
        Date.parse(`${from}T00:00:00+08:00`),
        Date.parse(`${to}T00:00:00+08:00`),
      ]);
      return row?.id as string;
    };
    const annotate = (order: string) => api.store.raw.execute(`UPDATE "orders" SET "attributes" = '{"备注":"更正"}' WHERE "id" = ?`, [order]);
    // a November order changes nothing October was scored from
    await annotate(await orderIn("2017-11-01", "2017-12-01"));
    expect(await api.caller.publication.reproduce({ id })).toEqual({ identical: true, dataUnchanged: true, differences: [] });
    // an October order does, though not its scores
    await annotate(await orderIn("2017-10-01", "2017-11-01"));
    expect(await api.caller.publication.reproduce({ id })).toEqual({ identical: true, dataUnchanged: false, differences: [] });
  });

  it("gives NOT_FOUND for an unknown publication and BAD_REQUEST for a bad period", async () => {
    const e = await rejection(api.caller.publication.reproduce({ id: 4242 }));
    expect([e.code, e.message]).toEqual(["NOT_FOUND", "没有编号为 4242 的发布记录"]);
    const bad = await rejection(api.caller.publication.current({ period: "2017/10" }));
    expect(bad.code).toBe("BAD_REQUEST");
    expect(bad.message).toContain("考核期应写成 YYYY-MM（月，如 2017-10）或 YYYY（年，如 2017）");
  });
});
