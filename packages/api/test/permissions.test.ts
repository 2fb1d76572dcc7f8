/**
 * Who may do what, tried: every procedure of the router is called as every
 * role and by nobody signed in. What may be called is written out below from
 * the roles as the center describes them (not read from the code); a
 * procedure that declares no permission, or one the list does not mention,
 * fails here. A refused call changes nothing and is audited.
 *
 * The calls carry no input: a refusal comes before the input is read, and an
 * allowed call then stops at the input check, so nothing is changed (the
 * few that take no input only read, or mark seen the decisions a unit has
 * not been given yet: none).
 */
import { createUser, type Role } from "@kaohe/services";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter, createCaller } from "../src/index.ts";
import { openSeededApi, rejection, TEST_PASSWORD, type TestApi } from "./support.ts";

let api: TestApi;
beforeAll(async () => {
  api = await openSeededApi();
});
afterAll(() => api?.close());

const ROLES: Role[] = ["sysadmin", "admin", "editor", "unit", "viewer"];

/** Every signed-in user: who they are, the units, the published rankings (a unit user's own), the rubrics in force. */
const EVERYONE = [
  "auth.changePassword",
  "units.list",
  "units.categories",
  "publication.current",
  "rubrics.list",
  "rubrics.get",
  "rubrics.inForce",
  "scores.unitDetail",
  "scores.trend",
  "scores.drilldown",
  // the month's stage and deadlines, the inbox
  "cycle.get",
  "cycle.list",
  "inbox.summary",
  // the center's name in the header, the month the console opens by default
  "settings.get",
  "units.latestMonth",
];
/**
 * What the units wrote to the center: explanations, objections and the corrections they led to (a unit user: their
 * own unit's). The center and leaders read them all; policy staff, who write rubrics, do not.
 */
const RESPONSES = ["explanations.duties", "explanations.list", "objections.list", "objections.get", "corrections.list"];
/** A unit's own users speak for it: its written explanation, its objections, the decisions seen. */
const UNIT_SPEAKS = ["explanations.submit", "objections.raise", "objections.withdraw", "inbox.markSeen"];
/** The center runs the month's cycle and decides: preview, notice, deadlines; explanations read, objections weighed and decided. */
const CENTER_REVIEW = [
  "cycle.openPreview",
  "cycle.deadlines",
  "cycle.withdrawPreview",
  "cycle.startNotice",
  "cycle.setDeadlines",
  "explanations.acknowledge",
  "objections.effect",
  "objections.decide",
];
/** Those who see every unit and preview unpublished results: the center, policy staff, leaders. */
const PREVIEW = [
  "scores.month",
  // the assessments the rubric ranks (a monthly and a quarterly ranking): chosen on the ranking page
  "scores.assessments",
  "scores.year",
  // each unit's months of 书面说明 and the like over the year, its explanations late or missing (every unit's)
  "scores.yearSanctions",
  "scores.compare",
  "publication.list",
  "publication.get",
  "publication.reproduce",
  "publication.freshness",
  "publication.compare",
  // the month's bulletin 《投诉动态》 as it will print: every unit's ranking, previews too
  "bulletin.get",
  // and the year's (年度考核结果通报), previews too
  "bulletin.year",
];
const DATA_READ = ["imports.list", "imports.interrupted", "imports.jobs", "imports.job", "imports.problems", "imports.columns", "imports.template"];
const RUBRIC_EDIT = [
  "rubrics.check",
  // the values the data holds in the columns a text compares with (the editor's KH267): the records' contents, for who writes rubrics
  "rubrics.columnValues",
  "rubrics.format",
  "rubrics.createDraft",
  "rubrics.updateDraft",
  "rubrics.remove",
];
const CENTER = [
  "imports.start",
  // an import held to be confirmed (it would take units assessed now out of every ranking): imported all the same, or dropped
  "imports.confirm",
  "imports.cancel",
  // entering an event without a file: an import of one row
  "imports.recordEvent",
  "imports.eventTypes",
  // entering a unit's yearly facts (年度事项填报) without a file, and the items the form offers
  "imports.recordFacts",
  "imports.factItems",
  "imports.inspect",
  "imports.undo",
  "rubrics.publish",
  "rubrics.publishImpact",
  "rubrics.withdraw",
  "publication.publish",
  "bulletin.save",
  // the year's bulletin written as the month's is: by those who publish
  "bulletin.saveYear",
];
const USERS = ["users.list", "users.create", "users.update", "users.resetPassword", "users.setDisabled"];
const AUDIT = ["audit.list"];
/** The installation's settings (the center's name): the 系统管理员 only. */
const SETTINGS = ["settings.setCenterName"];

const SPEC: Record<Role | "anonymous", string[]> = {
  anonymous: ["auth.me"],
  // everything but speaking for a unit
  sysadmin: ["auth.me", ...EVERYONE, ...RESPONSES, ...PREVIEW, ...DATA_READ, ...RUBRIC_EDIT, ...CENTER, ...CENTER_REVIEW, ...USERS, ...AUDIT, ...SETTINGS],
  admin: ["auth.me", ...EVERYONE, ...RESPONSES, ...PREVIEW, ...DATA_READ, ...RUBRIC_EDIT, ...CENTER, ...CENTER_REVIEW],
  editor: ["auth.me", ...EVERYONE, ...PREVIEW, ...RUBRIC_EDIT],
  unit: ["auth.me", ...EVERYONE, ...RESPONSES, ...UNIT_SPEAKS],
  viewer: ["auth.me", ...EVERYONE, ...RESPONSES, ...PREVIEW, ...DATA_READ, ...AUDIT],
};

type Callable = (input?: unknown) => Promise<unknown>;
const procedures = Object.keys(appRouter._def.procedures).sort();

function target(caller: unknown, path: string): Callable {
  let t: unknown = caller;
  for (const part of path.split(".")) t = (t as Record<string, unknown>)[part];
  return t as Callable;
}

describe("every procedure as every role", () => {
  it("the list names every procedure, and only those", () => {
    const named = new Set(Object.values(SPEC).flat());
    expect(procedures.filter((p) => !named.has(p))).toEqual([]);
    expect([...named].filter((p) => !procedures.includes(p))).toEqual([]);
  });

  for (const role of [...ROLES, "anonymous" as const]) {
    it(`${role}: allowed what the list allows, refused the rest (401 nobody signed in, 403 the wrong role)`, async () => {
      const caller = api.as(role === "anonymous" ? null : role);
      const allowed: string[] = [];
      const refusals = new Set<string>();
      for (const path of procedures) {
        const outcome = await target(caller, path)().then(
          () => "ok",
          (e: unknown) => e,
        );
        if (outcome === "ok") {
          allowed.push(path);
          continue;
        }
        const { code, message } = await rejection(Promise.reject(outcome));
        if (code === "UNAUTHORIZED" || code === "FORBIDDEN") {
          refusals.add(code);
          expect(message, path).toMatch(role === "anonymous" ? /^请先登录/ : /^没有权限/);
        } else allowed.push(path);
      }
      expect(allowed.sort()).toEqual([...SPEC[role]].sort());
      // even the system administrator is refused what only a unit's own users may do
      expect([...refusals]).toEqual([role === "anonymous" ? "UNAUTHORIZED" : "FORBIDDEN"]);
    });
  }
});

describe("a user whose password an administrator set", () => {
  for (const role of ROLES) {
    it(`${role}: is refused every procedure but auth.me and changing the password until it is changed (the inbox, the units, the center's name too)`, async () => {
      const pending = await createUser(
        api.store,
        {
          username: `待改密码-${role}`,
          displayName: `待改密码-${role}`,
          role,
          unitCode: role === "unit" ? "HTZ01" : null,
          password: TEST_PASSWORD,
          mustChangePassword: true,
        },
        "测试准备",
      );
      const caller = createCaller({ store: api.store, user: pending });
      const allowed: string[] = [];
      for (const path of procedures) {
        const outcome = await target(caller, path)().then(
          () => "ok",
          (e: unknown) => e,
        );
        if (outcome !== "ok") {
          const { code, message } = await rejection(Promise.reject(outcome));
          if (code === "FORBIDDEN" && /^请先修改密码/.test(message)) continue;
        }
        allowed.push(path);
      }
      expect(allowed).toEqual(["auth.changePassword", "auth.me"]);
    });
  }
});

describe("a unit user", () => {
  it("reads their own unit once the month is opened to the units, under the version in force, and is refused any other (audited)", async () => {
    const unit = api.as("unit");
    // not yet opened to the units: refused
    expect((await rejection(unit.scores.unitDetail({ period: "2018-03", unitCode: "HTZ01" }))).message).toBe("2018年3月的考核结果尚未向各单位开放");
    await api.caller.cycle.openPreview({ period: "2018-03" });
    const own = await unit.scores.unitDetail({ period: "2018-03", unitCode: "HTZ01" });
    expect(own.unit.unit.name).toBe("唐山镇");
    await unit.scores.trend({ unitCode: "HTZ01", endMonth: "2018-03" });
    for (const call of [
      unit.scores.unitDetail({ period: "2018-03", unitCode: "HTZ02" }),
      unit.scores.trend({ unitCode: "HTZ02", endMonth: "2018-03" }),
      unit.scores.drilldown({ period: "2018-03", unitCode: "HTJD01", measure: "工单数" }),
      unit.scores.unitDetail({ period: "2018-03", unitCode: "HTZ01", versionId: 1 }),
    ]) {
      const e = await rejection(call);
      expect([e.code, e.message]).toEqual(["FORBIDDEN", expect.stringMatching(/^没有权限：单位用户只能/)]);
    }
    const denied = await api.store.prisma.auditLog.findMany({ where: { action: "access.denied", actor: "测试-unit" } });
    expect(denied.length).toBeGreaterThan(0);
  });

  it("asking for another unit's figures, records or responses, or a month not opened, is audited one by one (a security review)", async () => {
    // its own user and address: the refusals of the role matrix above do not use up its allowance
    const probe = await createUser(
      api.store,
      { username: "tanzhen", displayName: "探针", role: "unit", unitCode: "HTZ01", password: TEST_PASSWORD },
      "测试准备",
    );
    const unit = createCaller({ store: api.store, user: probe, address: "10.8.8.8" });
    const others = await api.store.prisma.objection.create({
      data: { period: "2018-03", unitCode: "HTZ02", subject: "other", proposed: [], reason: "果里镇的理由", status: "open", raisedBy: "果里镇" },
    });
    const refusals: [string, Promise<unknown>, string][] = [
      ["scores.unitDetail", unit.scores.unitDetail({ period: "2018-03", unitCode: "HTZ02" }), "FORBIDDEN"],
      ["scores.trend", unit.scores.trend({ unitCode: "HTZ02", endMonth: "2018-03" }), "FORBIDDEN"],
      ["scores.drilldown", unit.scores.drilldown({ period: "2018-03", unitCode: "HTJD01", measure: "工单数" }), "FORBIDDEN"],
      ["scores.unitDetail", unit.scores.unitDetail({ period: "2017-09", unitCode: "HTZ01" }), "FORBIDDEN"],
      ["explanations.list", unit.explanations.list({ period: "2018-03", unitCode: "HTZ02" }), "FORBIDDEN"],
      ["objections.list", unit.objections.list({ unitCode: "HTZ02" }), "FORBIDDEN"],
      ["corrections.list", unit.corrections.list({ unitCode: "HTZ02" }), "FORBIDDEN"],
      // another unit's objection is answered as a missing one, and audited all the same
      [`objections.get ${others.id}`, unit.objections.get({ id: others.id }), "NOT_FOUND"],
    ];
    for (const [, call, code] of refusals) expect((await rejection(call)).code).toBe(code);
    const audited = () =>
      api.store.prisma.auditLog.findMany({
        where: { action: "access.denied", address: "10.8.8.8" },
        orderBy: { id: "asc" },
        select: { entityId: true, actor: true, detail: true },
      });
    await expect.poll(async () => (await audited()).length, { timeout: 10_000 }).toBe(refusals.length);
    expect((await audited()).map((e) => e.entityId).sort()).toEqual(refusals.map(([what]) => what).sort());
    // with whose figures were asked, and of which period (the log named the procedure only)
    const asked = (await audited()).map((e) => (e.detail as { asked?: unknown }).asked);
    expect(asked).toContainEqual({ period: "2018-03", unitCode: "HTZ02" });
    expect(asked).toContainEqual({ unitCode: "HTZ02" });
    expect(asked).toContainEqual({ period: "2017-09", unitCode: "HTZ01" });
    expect(new Set((await audited()).map((e) => e.actor))).toEqual(new Set(["探针（tanzhen）"]));
    // its own unit in an opened month is no refusal
    await unit.scores.trend({ unitCode: "HTZ01", endMonth: "2018-03" });
    expect((await audited()).length).toBe(refusals.length);
  });

  it("sees their year-end result only once the year is opened to the units or published (a year scored now reads months not opened to them)", async () => {
    const unit = api.as("unit");
    const refused = await rejection(unit.scores.unitDetail({ period: "2018", unitCode: "HTZ01" }));
    expect([refused.code, refused.message]).toEqual(["FORBIDDEN", "2018 年度考核结果尚未向各单位开放：开放或发布后可查看本单位的年终成绩"]);
    // nor may the year be opened to them while a month it counts has not been (here all but March, opened above)
    const early = await rejection(api.caller.cycle.openPreview({ period: "2018" }));
    expect([early.code, early.message]).toEqual(["CONFLICT", expect.stringMatching(/^2018 年度成绩计入的 1月、2月、4月.* 尚未向各单位开放/)]);
    expect((await api.caller.cycle.get({ period: "2018" })).stage).toBe("closed");
    expect((await rejection(unit.scores.unitDetail({ period: "2018", unitCode: "HTZ01" }))).code).toBe("FORBIDDEN");
    expect((await rejection(unit.scores.drilldown({ period: "2018", unitCode: "HTZ01", measure: "工单数" }))).code).toBe("FORBIDDEN");
    // the center sees it meanwhile
    expect((await api.caller.scores.unitDetail({ period: "2018", unitCode: "HTZ01" })).unit.unit.name).toBe("唐山镇");
    await api.caller.publication.publish({ period: "2018", replaces: null, confirmEmpty: true, confirmUndecided: true });
    expect((await unit.scores.unitDetail({ period: "2018", unitCode: "HTZ01" })).unit.unit.name).toBe("唐山镇");
  });

  it("sees the published year-end ranking of their own category only, as a month's (办法三: results per category): not the others', nor the year's sanctions", async () => {
    // the year 2018 published above
    const all = await api.caller.publication.current({ period: "2018" });
    const mine = await api.as("unit").publication.current({ period: "2018" });
    expect(all?.result.units.length).toBe(40);
    // 唐山镇's category, 镇: its 7 towns, with their places and year-end scores as published
    const towns = (all?.result.units ?? []).filter((u) => u.group === "镇").map((u) => [u.unit.code, u.rank, u.published]);
    expect(towns.length).toBe(7);
    expect(mine?.result.units.map((u) => [u.unit.code, u.rank, u.published])).toEqual(towns);
    // nothing of another category, nor any unit's place among all 40, the breakdown behind the points, the year's warnings
    const sent = JSON.stringify(mine);
    for (const u of all?.result.units ?? []) if (u.group !== "镇") expect(sent, u.unit.name).not.toContain(`"${u.unit.code}"`);
    for (const key of ["overallRank", "formula", "substituted", "measures", "adjustments", "warnings"]) expect(sent, key).not.toContain(`"${key}"`);
    // a year not published: nothing
    expect(await api.as("unit").publication.current({ period: "2017" })).toBeNull();
    // how often every unit owed a written explanation over the year, and handed it in late: the center's, not a unit's
    const refused = await rejection(api.as("unit").scores.yearSanctions({ year: "2018" }));
    expect([refused.code, refused.message]).toEqual(["FORBIDDEN", expect.stringMatching(/^没有权限/)]);
  });

  it("sees the published ranking of their own category only, and no drafts", async () => {
    await api.caller.publication.publish({ period: "2018-04", replaces: null });
    const all = await api.caller.publication.current({ period: "2018-04" });
    const mine = await api.as("unit").publication.current({ period: "2018-04" });
    expect(all?.result.units.length).toBe(40);
    expect(new Set(mine?.result.units.map((u) => u.unit.category))).toEqual(new Set(["镇"]));
    expect(mine?.result.units.length).toBe(7);
    expect(await api.as("unit").publication.current({ period: "2018-05" })).toBeNull();
    // the reason as publishPeriod writes it, listing objections of 唐山镇 (the unit's) and of 果里镇: the unit reads its own
    // only, and that other units' objections corrected data too, without their names
    const reason = "复核数据；依已采纳的异议 #1（唐山镇）、#2（果里镇）更正数据；发布时尚有未处理的异议 #3（果里镇）";
    await api.store.prisma.publishedResult.update({ where: { id: all?.id as number }, data: { reason } });
    expect((await api.caller.publication.current({ period: "2018-04" }))?.reason).toBe(reason);
    expect((await api.as("unit").publication.current({ period: "2018-04" }))?.reason).toBe("复核数据；依已采纳的异议 #1（唐山镇）及其他单位的异议更正数据");
    const draft = await api.caller.rubrics.createDraft({ text: 'rubric "草稿" version "d1"\nin force from 2030-01\n' });
    expect((await api.as("unit").rubrics.list()).map((v) => v.status)).not.toContain("draft");
    // a draft is answered exactly as a missing version: a unit learns neither that drafts exist nor how many
    const hidden = await rejection(api.as("unit").rubrics.get({ id: draft.id }));
    const missing = await rejection(api.as("unit").rubrics.get({ id: draft.id + 1 }));
    expect(hidden.code).toBe("NOT_FOUND");
    expect(hidden.message).toBe(`没有编号为 ${draft.id} 的规则版本`);
    expect(missing).toMatchObject({ code: hidden.code, message: `没有编号为 ${draft.id + 1} 的规则版本` });
    const asDraftId = (x: typeof hidden) =>
      JSON.parse(
        JSON.stringify(x)
          .replaceAll(`编号为 ${draft.id + 1}`, `编号为 ${draft.id}`)
          .replaceAll(`version ${draft.id + 1}`, `version ${draft.id}`),
      );
    expect(hidden).toEqual(asDraftId(missing));
    // the center reads it as before
    expect((await api.caller.rubrics.get({ id: draft.id })).status).toBe("draft");
  });
});

describe("a unit user's published ranking", () => {
  it("is the rows of their category as published: no place among all units, nothing of the breakdown behind the others' points", async () => {
    await api.caller.publication.publish({ period: "2018-07", replaces: null, confirmUndecided: true });
    const all = await api.caller.publication.current({ period: "2018-07" });
    const mine = await api.as("unit").publication.current({ period: "2018-07" });
    // the center still reads the whole snapshot: places among all units, each item's formula and counts
    expect(all?.result.units.every((u) => "overallRank" in u && (typeof u.overallRank === "number" || !u.ranked))).toBe(true);
    expect(all?.result.units.some((u) => u.items.some((i) => "substituted" in i && i.substituted !== ""))).toBe(true);
    const rows = mine?.result.units ?? [];
    expect(rows.map((u) => u.unit.category)).toEqual(Array(7).fill("镇"));
    // the places and points of the category's ranking, as published
    const center = new Map(all?.result.units.map((u) => [u.unit.code, u]));
    for (const u of rows) {
      const c = center.get(u.unit.code);
      expect([u.rank, u.published, u.volume, u.sanctions]).toEqual([c?.rank, c?.published, c?.volume, c?.sanctions]);
      expect(u.items.map((i) => [i.code, i.published])).toEqual(c?.items.map((i) => [i.code, i.published]));
    }
    // and nothing more: no unit's place among all 40 (its own neither), no formula with its counts, no measures or deductions
    const sent = JSON.stringify(mine);
    for (const key of ["overallRank", "formula", "substituted", "measures", "adjustments", "warnings"]) expect(sent, key).not.toContain(`"${key}"`);
    expect(Object.keys(rows[0] ?? {}).sort()).toEqual([
      "band",
      "group",
      "indicators",
      "items",
      // the ranking rule's threshold for the unit, which the rule line names for every category
      "minimumVolume",
      // what the score is out of: the unit's 失分 and its score's colour count from it
      "outOf",
      "published",
      "rank",
      "ranked",
      "sanctions",
      "unit",
      "vetoes",
      "volume",
    ]);
  });

  it("is not given their own unit's place among all units by its breakdown either", async () => {
    const own = await api.as("unit").scores.unitDetail({ period: "2018-07", unitCode: "HTZ01" });
    expect(own.unit.rank).toBeGreaterThan(0);
    expect(own.unit.items.length).toBeGreaterThan(0);
    expect("overallRank" in own.unit).toBe(false);
    const center = (await api.caller.scores.unitDetail({ period: "2018-07", unitCode: "HTZ01" })).unit;
    expect("overallRank" in center ? typeof center.overallRank : "absent").toBe("number");
  });

  it("is not given the period's warnings by its breakdown: they are the center's, naming units of other categories", async () => {
    // a unit of a category the rubric does not declare: the period's result warns of it, by name
    await api.store.prisma.category.create({ data: { name: "开发区", position: 99 } });
    await api.store.prisma.unit.create({ data: { code: "HTKF01", name: "桓台经济开发区", category: "开发区", attributes: {} } });
    await api.caller.cycle.openPreview({ period: "2018-08" });
    try {
      const center = await api.caller.scores.unitDetail({ period: "2018-08", unitCode: "HTZ01" });
      expect("warnings" in center ? center.warnings : "absent").toEqual([
        expect.objectContaining({ code: "undeclared-category", category: "开发区", units: [{ code: "HTKF01", name: "桓台经济开发区" }] }),
      ]);
      const own = await api.as("unit").scores.unitDetail({ period: "2018-08", unitCode: "HTZ01" });
      expect("warnings" in own).toBe(false);
      expect(JSON.stringify(own)).not.toContain("桓台经济开发区");
      // the unit's own warnings (a fact its items lack) stay its own to read
      expect(own.unit.warnings).toEqual(center.unit.warnings);
    } finally {
      await api.store.prisma.unit.delete({ where: { code: "HTKF01" } });
      await api.store.prisma.category.delete({ where: { name: "开发区" } });
    }
  });
});

describe("refusals change nothing", () => {
  it("a policy editor's publish, a leader's draft, a unit user's import, an administrator's or a unit user's change of a role leave the store as it was", async () => {
    const before = {
      versions: await api.store.prisma.rubricVersion.count(),
      publications: await api.store.prisma.publishedResult.count(),
      users: await api.store.prisma.user.count(),
    };
    expect((await rejection(api.as("editor").publication.publish({ period: "2018-06", replaces: null }))).code).toBe("FORBIDDEN");
    expect((await rejection(api.as("editor").rubrics.publish({ id: 1, contentHash: "0".repeat(64) }))).code).toBe("FORBIDDEN");
    expect((await rejection(api.as("viewer").rubrics.createDraft({ text: "x" }))).code).toBe("FORBIDDEN");
    expect((await rejection(api.as("unit").imports.start({ files: [{ uploadId: "00000000-0000-4000-8000-000000000000" }] }))).code).toBe("FORBIDDEN");
    expect((await rejection(api.as("admin").users.create({ username: "x1", displayName: "x", role: "sysadmin", password: "Aa-123456789" }))).code).toBe(
      "FORBIDDEN",
    );
    const leader = await api.store.prisma.user.findFirstOrThrow({ where: { role: "viewer" } });
    for (const role of ["admin", "unit"] as const) {
      const e = await rejection(api.as(role).users.update({ id: leader.id, displayName: "改名", role: "sysadmin" }));
      expect(e.code).toBe("FORBIDDEN");
    }
    expect(await api.store.prisma.user.findUniqueOrThrow({ where: { id: leader.id } })).toMatchObject({ role: "viewer", displayName: leader.displayName });
    expect({
      versions: await api.store.prisma.rubricVersion.count(),
      publications: await api.store.prisma.publishedResult.count(),
      users: await api.store.prisma.user.count(),
    }).toEqual(before);
  });
});

describe("a user the 系统管理员 creates", () => {
  it("must change the password the administrator chose at the first sign-in", async () => {
    const created = await api.as("sysadmin").users.create({ username: "xinren", displayName: "新人", role: "viewer", password: "Aa-123456789" });
    expect(created).toMatchObject({ username: "xinren", mustChangePassword: true });
    expect((await api.store.prisma.user.findUniqueOrThrow({ where: { username: "xinren" } })).mustChangePassword).toBe(true);
  });
});

describe("refusals in a loop", () => {
  it("are audited one by one thirty times per user and address in ten minutes, then once that the rest are not", async () => {
    const script = createCaller({ store: api.store, user: null, address: "10.9.9.9" });
    for (let i = 0; i < 45; i++) expect((await rejection(script.users.list())).code).toBe("UNAUTHORIZED");
    const count = (action: string) => api.store.prisma.auditLog.count({ where: { action, address: "10.9.9.9" } });
    await expect.poll(() => count("access.denied"), { timeout: 10_000 }).toBe(30);
    await expect.poll(() => count("access.denied.many"), { timeout: 10_000 }).toBe(1);
    // another address is audited as before
    const other = createCaller({ store: api.store, user: null, address: "10.9.9.10" });
    await rejection(other.users.list());
    await expect.poll(() => api.store.prisma.auditLog.count({ where: { action: "access.denied", address: "10.9.9.10" } }), { timeout: 10_000 }).toBe(1);
  });
});
