import { readFileSync } from "node:fs";
import { compileRubric } from "@kaohe/rules-engine";
import { compileVersion, dataHash, scorePeriod, versionInForce } from "@kaohe/services";
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
    const p = await api.caller.publication.publish({ period: "2017-10", replaces: null });
    expect(p).toMatchObject({ period: "2017-10", schedule: "monthly", publishedBy: ACTOR, reason: null, supersededAt: null, rubric: { version: "2017" } });
    expect(typeof p.publishedAt).toBe("string");
    const scored = await api.caller.scores.month({ month: "2017-10" });
    const ranking = (units: readonly Pick<(typeof scored.units)[number], "unit" | "published" | "rank">[]) =>
      units.map((u) => [u.unit.code, u.published, u.rank]);
    expect(ranking(p.result.units)).toEqual(ranking(scored.units));

    const current = await api.caller.publication.current({ period: "2017-10" });
    expect(current?.id).toBe(p.id);
    expect(ranking(current?.result.units ?? [])).toEqual(ranking(scored.units));
  });

  it("will not publish the month again without a reason: CONFLICT, asking for one", async () => {
    const current = (await api.caller.publication.current({ period: "2017-10" }))?.id as number;
    const e = await rejection(api.caller.publication.publish({ period: "2017-10", replaces: current }));
    expect(e.code).toBe("CONFLICT");
    expect(e.data.appCode).toBe("CONFLICT");
    expect(e.message).toMatch(/^2017年10月已由 测试员 于 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 发布；如因异议复核需重新发布，请填写原因$/);
    expect((await rejection(api.caller.publication.publish({ period: "2017-10", replaces: current, reason: "   " }))).code).toBe("CONFLICT");
  });

  it("re-publishes with a reason, keeping the earlier snapshot as superseded", async () => {
    const first = await api.caller.publication.current({ period: "2017-10" });
    const again = await api.caller.publication.publish({ period: "2017-10", replaces: first?.id ?? null, reason: "唐山镇异议复核" });
    expect(again.reason).toBe("唐山镇异议复核");
    expect(again.id).not.toBe(first?.id);
    const list = await api.caller.publication.list();
    expect(list.map((p) => [p.id, p.supersededAt === null])).toEqual([
      [again.id, true],
      [first?.id, false],
    ]);
    expect((await api.caller.publication.current({ period: "2017-10" }))?.id).toBe(again.id);
  });

  it("will not replace a publication the administrator did not see: a re-publication meanwhile is a CONFLICT, and nothing is published", async () => {
    // two administrators both look at June's publication
    const seen = (await api.caller.publication.publish({ period: "2018-06", replaces: null })).id;
    const count = async () => (await api.caller.publication.list({ period: "2018-06" })).length;
    const a = await api.as("admin").publication.publish({ period: "2018-06", replaces: seen, reason: "A 更正" });
    const e = await rejection(api.caller.publication.publish({ period: "2018-06", replaces: seen, reason: "B 更正" }));
    expect([e.code, e.data.appCode]).toEqual(["CONFLICT", "CONFLICT"]);
    expect(e.message).toMatch(
      /^2018年6月刚由 测试-admin 于 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 重新发布（原因：A 更正），本次没有发布：请刷新查看后再决定是否重新发布$/,
    );
    expect(e.data.detail).toEqual({ publishedMeanwhile: true });
    // A's publication is current, its reason with it; B's made none
    expect(await api.caller.publication.current({ period: "2018-06" })).toMatchObject({ id: a.id, reason: "A 更正" });
    expect(await count()).toBe(2);
    // the publish says which publication it replaces (null: none): one that does not is refused before anything is done
    const unsaid = await rejection(api.caller.publication.publish({ period: "2018-06", reason: "B 更正" } as unknown as { period: string; replaces: null }));
    expect(unsaid.code).toBe("BAD_REQUEST");
    expect(unsaid.message).toContain("发布须注明您看到的现行发布");
    expect(await count()).toBe(2);
  });

  const roles = [null, "sysadmin", "admin", "editor", "unit", "viewer"] as const;
  // who may publish and open a period without data (results.publish, cycle.manage), and read its bulletin
  // (results.read): refused for the period, saying why; the others as always
  const publishers = new Set(["sysadmin", "admin"]);
  const readers = new Set(["sysadmin", "admin", "editor", "viewer"]);
  const outcome = (role: (typeof roles)[number], allowed: Set<string>) => (role === null ? "UNAUTHORIZED" : allowed.has(role) ? "CONFLICT" : "FORBIDDEN");
  /** How many things the audit log tells of (refusals of access apart). */
  const auditedDone = () => api.store.prisma.auditLog.count({ where: { action: { not: "access.denied" } } });
  /** Nothing of `period` published, nothing opened, nothing done that the audit log would tell of since `before`. */
  const expectNothingDone = async (period: string, before: number) => {
    expect(await api.caller.publication.current({ period })).toBeNull();
    expect(await api.caller.publication.list({ period })).toEqual([]);
    expect((await api.caller.cycle.get({ period })).stage).toBe("closed");
    expect(await auditedDone()).toBe(before);
  };

  it("reproduces a published month and a published year exactly", async () => {
    const month = await api.caller.publication.current({ period: "2017-10" });
    expect(await api.caller.publication.reproduce({ id: month?.id as number })).toEqual({ identical: true, dataUnchanged: true, differences: [] });
    const year = await api.caller.publication.publish({ period: "2017", replaces: null });
    expect(year.schedule).toBe("yearly");
    expect(await api.caller.publication.reproduce({ id: year.id })).toEqual({ identical: true, dataUnchanged: true, differences: [] });
  });

  it("will not publish, open to the units nor give the bulletin of a year none of whose months has data (无数据), confirmed or not, whoever asks; nothing changes", async () => {
    // 2019: the rubric in force all year, no order of any unit in any month (the demo's orders end in December 2018);
    // it was ranked, every unit tied first at full marks, and published on a confirmation (a new county's first run)
    const period = "2019";
    const before = await auditedDone();
    const noData = (what: string) =>
      new RegExp(
        `^2019年度无数据：没有一个单位有本年受理的工单，不计分、不排名，${what}。请先在“数据”页导入本年各月的工单文件（文件名以“工单”或 orders 开头，如“工单2019年1月\\.xlsx”）$`,
      );
    for (const role of roles) {
      const as = api.as(role);
      for (const confirmed of [{}, { confirmEmpty: true, confirmUnfinished: true, confirmUndecided: true }]) {
        const publish = await rejection(as.publication.publish({ period, replaces: null, ...confirmed }));
        expect(publish.code, String(role)).toBe(outcome(role, publishers));
        if (publish.code === "CONFLICT") {
          expect(publish.message).toMatch(noData("不能发布"));
          expect(publish.data.detail).toEqual({ noData: true, period });
        }
      }
      const open = await rejection(as.cycle.openPreview({ period }));
      const bulletin = await rejection(as.bulletin.year({ year: period }));
      expect([open.code, bulletin.code], String(role)).toEqual([outcome(role, publishers), outcome(role, readers)]);
      if (open.code === "CONFLICT") expect(open.message).toMatch(noData("不能向各单位开放"));
      if (bulletin.code === "CONFLICT") expect(bulletin.message).toMatch(noData("不能生成年度考核结果通报"));
    }
    await expectNothingDone(period, before);
    // what the page shows of it: 无数据; of a year with data, its ranking
    expect((await api.caller.scores.year({ year: period })).noData).toBe(true);
    expect((await api.caller.scores.year({ year: "2018" })).noData).toBe(false);
  });

  it("tells whether the data behind a publication changed since, from the rows' digests or the rows themselves", async () => {
    const month = await api.caller.publication.current({ period: "2017-10" });
    const id = month?.id as number;
    const rubric = compileRubric(readFileSync(new URL("../../../rules/huantai/2017.kh", import.meta.url), "utf8"));
    // the same fingerprint whether the imported orders' digests are read or, cleared, made from the rows themselves
    const withDigests = await dataHash(api.store, rubric, "2017-10");
    await api.store.raw.execute(`UPDATE "orders" SET "digest" = NULL`);
    expect(await dataHash(api.store, rubric, "2017-10")).toBe(withDigests);

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

  it("says when the data under a published month changed: the units whose score or rank would differ now", async () => {
    // the October order annotated above changed the fingerprint, not a score
    const annotated = await api.caller.publication.freshness({ period: "2017-10" });
    expect(annotated).toMatchObject({ dataUnchanged: false, versionInForce: null, differences: [] });
    expect(annotated?.publication.period).toBe("2017-10");
    expect(typeof annotated?.publication.publishedAt).toBe("string");
    // a month not published: nothing to say
    expect(await api.caller.publication.freshness({ period: "2018-02" })).toBeNull();

    // one unit's October orders reopened: its score (and so ranks) change
    const current = await api.caller.publication.current({ period: "2017-10" });
    const unit = current?.result.units.find((u) => u.volume > 0)?.unit as { code: string; name: string };
    const from = Date.parse("2017-10-01T00:00:00+08:00");
    const to = Date.parse("2017-11-01T00:00:00+08:00");
    await api.store.raw.execute(`UPDATE "orders" SET "closedAt" = NULL WHERE "unit" = ? AND "receivedAt" >= ? AND "receivedAt" < ?`, [unit.code, from, to]);
    const changed = await api.caller.publication.freshness({ period: "2017-10" });
    expect(changed?.dataUnchanged).toBe(false);
    const row = changed?.differences.find((d) => d.unit.code === unit.code);
    expect(row?.changed).toBe(true);
    expect(row?.now?.score).not.toBe(row?.published?.score);
    expect(row?.published).toEqual({ score: current?.result.units.find((u) => u.unit.code === unit.code)?.published, rank: expect.anything() });
    expect(changed?.differences.every((d) => d.changed)).toBe(true);
  });

  it("lists, opens and compares every earlier publication of a period with the current one", async () => {
    const history = await api.caller.publication.list({ period: "2017-10" });
    expect(history).toHaveLength(2);
    expect(history.map((p) => p.period)).toEqual(["2017-10", "2017-10"]);
    const [current, earlier] = history as [(typeof history)[number], (typeof history)[number]];
    expect(current.supersededAt).toBeNull();
    expect(typeof earlier.supersededAt).toBe("string");

    const opened = await api.caller.publication.get({ id: earlier.id });
    expect(opened).toMatchObject({ id: earlier.id, period: "2017-10", reason: null });
    expect(opened.result.units.length).toBeGreaterThan(0);

    // re-published now (the data changed above): the earlier publication against it, unit by unit
    const now = await api.caller.publication.publish({ period: "2017-10", replaces: current.id, reason: "重新导入后更正" });
    const comparison = await api.caller.publication.compare({ id: earlier.id });
    expect(comparison.publication.id).toBe(earlier.id);
    expect(comparison.current.id).toBe(now.id);
    expect(comparison.units).toHaveLength(now.result.units.length);
    expect(comparison.changed).toBeGreaterThan(0);
    expect(comparison.changed).toBe(comparison.units.filter((u) => u.changed).length);
    for (const u of comparison.units) {
      const a = opened.result.units.find((x) => x.unit.code === u.unit.code);
      const b = now.result.units.find((x) => x.unit.code === u.unit.code);
      expect(u.published).toEqual({ score: a?.published, rank: a?.rank });
      expect(u.now).toEqual({ score: b?.published, rank: b?.rank });
    }
    // and now the current publication is fresh again
    expect(await api.caller.publication.freshness({ period: "2017-10" })).toMatchObject({ dataUnchanged: true, differences: [] });
    expect((await rejection(api.caller.publication.get({ id: 4242 }))).code).toBe("NOT_FOUND");
  });

  it("will not publish, open to the units nor give the bulletin of a month without data (无数据), confirmEmpty or not, whoever asks; nothing changes", async () => {
    // January 2019: the rubric in force, no order of any unit (the demo's orders end in December 2018)
    const period = "2019-01";
    const before = await auditedDone();
    const noData = (what: string) =>
      new RegExp(
        `^2019年1月无数据：没有一个单位有本月受理的工单，不计分、不排名，${what}。请先在“数据”页导入本月的工单文件（文件名以“工单”或 orders 开头，如“工单2019年1月\\.xlsx”）$`,
      );
    for (const role of roles) {
      const as = api.as(role);
      const publish = await rejection(as.publication.publish({ period, replaces: null, confirmEmpty: true, confirmUnfinished: true, confirmUndecided: true }));
      const open = await rejection(as.cycle.openPreview({ period }));
      const bulletin = await rejection(as.bulletin.get({ month: period }));
      expect([publish.code, open.code, bulletin.code], String(role)).toEqual([outcome(role, publishers), outcome(role, publishers), outcome(role, readers)]);
      if (publish.code === "CONFLICT") {
        expect(publish.message).toMatch(noData("不能发布"));
        expect(publish.data.detail).toEqual({ noData: true, period });
        expect(open.message).toMatch(noData("不能向各单位开放"));
      }
      if (bulletin.code === "CONFLICT") expect(bulletin.message).toMatch(noData("不能生成《投诉动态》"));
    }
    await expectNothingDone(period, before);
    // what the page shows of it: 无数据
    expect((await api.caller.scores.month({ month: period })).noData).toBe(true);
  });

  it("a month without data published before such months were refused stays as published: on a trend the center sees 无数据, the unit what was published", async () => {
    const version = await versionInForce(api.store, "2019-06");
    const result = await scorePeriod(api.store, compileVersion(version), "2019-06", { evidence: false });
    await api.store.prisma.publishedResult.create({
      data: {
        period: "2019-06",
        schedule: "monthly",
        rubricVersionId: version.id,
        dataHash: "x",
        snapshot: JSON.parse(JSON.stringify(result)),
        publishedBy: ACTOR,
      },
    });
    // on a trend the center sees the data: 无数据 (no order of any unit), no score nor rank; the unit sees what was
    // published, the publication being the record
    const center = (await api.caller.scores.trend({ unitCode: "HTZ01", endMonth: "2019-06", months: 1 })).points[0];
    expect(center).toMatchObject({ month: "2019-06", noData: true, score: null, rank: null });
    const published = result.units.find((u) => u.unit.code === "HTZ01");
    const unit = (await api.as("unit").scores.trend({ unitCode: "HTZ01", endMonth: "2019-06", months: 1 })).points[0];
    expect(unit).toMatchObject({ month: "2019-06", noData: false, score: published?.published, rank: published?.rank });
    expect(unit?.score).not.toBeNull();
    // published again, it is refused as any month without data is
    const current = (await api.caller.publication.current({ period: "2019-06" }))?.id as number;
    const again = await rejection(api.caller.publication.publish({ period: "2019-06", replaces: current, reason: "重新发布", confirmEmpty: true }));
    expect([again.code, again.data.detail]).toEqual(["CONFLICT", { noData: true, period: "2019-06" }]);
  });

  it("a unit user is shown its published place in a published month, not one among changes since (found by a security review)", async () => {
    await api.caller.publication.publish({ period: "2018-10", replaces: null });
    const published = (await api.caller.publication.current({ period: "2018-10" }))?.result.units.find((u) => u.unit.code === "HTZ01");
    // three 行政不作为 events entered for 唐山镇 after publication, for October: the center sees it fall
    const { jobId } = await api.caller.imports.recordEvent({ unit: "HTZ01", date: "2018-10-15", type: "行政不作为", count: 3 });
    for (let i = 0; i < 200 && (await api.caller.imports.job({ jobId })).state === "running"; i++) await new Promise((r) => setTimeout(r, 50));
    const center = await api.caller.scores.unitDetail({ period: "2018-10", unitCode: "HTZ01" });
    expect(center.unit.published).toBeLessThan(published?.published as number);
    expect(center.unit.rank).not.toBe(published?.rank);
    // the unit: its own score as of now, its place as published (a place among other units' unpublished data, as of
    // now, is not its to read); its trend's October as published
    const unit = await api.as("unit").scores.unitDetail({ period: "2018-10", unitCode: "HTZ01" });
    expect(unit.unit.published).toBe(center.unit.published);
    expect(unit.unit.rank).toBe(published?.rank);
    // and what the place decides, as published (a band by rank, a sanction on 倒数名次)
    expect([unit.unit.band, unit.unit.vetoes, unit.unit.sanctions]).toEqual([published?.band, published?.vetoes, published?.sanctions]);
    const october = (await api.as("unit").scores.trend({ unitCode: "HTZ01", endMonth: "2018-10", months: 1 })).points[0];
    expect([october?.score, october?.rank]).toEqual([published?.published, published?.rank]);
    // why it fell: the entered events' file, since the publication; to the unit without the center's file name
    const entered = { kind: "events", records: 1, at: expect.any(Number) };
    expect(center.changesSincePublished).toEqual([{ ...entered, fileName: expect.stringMatching(/^考核事件登记-唐山镇-行政不作为-/) }]);
    expect(unit.changesSincePublished).toEqual([{ ...entered, fileName: null }]);
  });

  it("gives NOT_FOUND for an unknown publication and BAD_REQUEST for a bad period", async () => {
    const e = await rejection(api.caller.publication.reproduce({ id: 4242 }));
    expect([e.code, e.message]).toEqual(["NOT_FOUND", "没有编号为 4242 的发布记录"]);
    const bad = await rejection(api.caller.publication.current({ period: "2017/10" }));
    expect(bad.code).toBe("BAD_REQUEST");
    expect(bad.message).toContain("考核期应写成 YYYY-MM（月，如 2017-10）或 YYYY（年，如 2017）");
  });
});
