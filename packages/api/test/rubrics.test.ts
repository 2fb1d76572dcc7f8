import { checkRecordTexts, columnKey, parse, recordColumns } from "@kaohe/rules-dsl";
import { formatShanghai } from "@kaohe/time";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ACTOR, CHINESE, openSeededApi, rejection, type TestApi, variantOf2017 } from "./support.ts";

let api: TestApi;
beforeAll(async () => {
  api = await openSeededApi();
});
afterAll(() => api?.close());

const id2017 = async () => (await api.caller.rubrics.list()).find((v) => v.version === "2017")?.id as number;

/** A draft in force far from the demo data, so publishing it moves no score the other tests read. */
const farFuture = (version: string) => variantOf2017(api, version, (t) => t.replace("in force from 2017-09", "in force from 2031-01"));

describe("rubrics: reading", () => {
  it("lists the shipped versions: the 2017 method published, the examples as drafts", async () => {
    const list = await api.caller.rubrics.list();
    expect(list).toHaveLength(4);
    const published = list.filter((v) => v.status === "published");
    expect(published.map((v) => v.version)).toEqual(["2017"]);
    expect(published[0]?.effectiveFrom).toBe("2017-09");
    expect(typeof published[0]?.publishedAt).toBe("string");
    expect(list.filter((v) => v.status === "draft")).toHaveLength(3);
  });

  it("gets one version with its text and (no) diagnostics", async () => {
    const v = await api.caller.rubrics.get({ id: await id2017() });
    expect(v.text).toContain('rubric "桓台县市民投诉（民生热线）工作考核办法" version "2017"');
    expect(v.diagnostics).toEqual([]);
    expect(v.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("names the version in force for a month and for a year", async () => {
    expect((await api.caller.rubrics.inForce({ period: "2017-10" })).version).toBe("2017");
    expect((await api.caller.rubrics.inForce({ period: "2018" })).version).toBe("2017");
  });

  it("has no version in force before 2017-09: PRECONDITION_FAILED, NOT_IN_FORCE, saying what to do", async () => {
    const e = await rejection(api.caller.rubrics.inForce({ period: "2016-05" }));
    expect(e.code).toBe("PRECONDITION_FAILED");
    expect(e.data.appCode).toBe("NOT_IN_FORCE");
    expect(e.data.zh).toContain("请先在“规则”中发布一个版本");
  });

  it("refuses a badly written period with a Chinese message: BAD_REQUEST", async () => {
    const e = await rejection(api.caller.rubrics.inForce({ period: "2017-1" }));
    expect(e.code).toBe("BAD_REQUEST");
    expect(e.message).toContain("考核期应写成 YYYY-MM");
    expect(e.message).toContain("“2017-1”");
    expect(e.data.zodError?.fieldErrors.period?.[0]).toContain("YYYY-MM");
  });

  it("gives NOT_FOUND for an unknown id", async () => {
    const e = await rejection(api.caller.rubrics.get({ id: 9999 }));
    expect(e.code).toBe("NOT_FOUND");
    expect(e.data.appCode).toBe("NOT_FOUND");
    expect(e.message).toBe("没有编号为 9999 的规则版本");
  });
});

describe("rubrics: editor", () => {
  it("refuses a text past 100,000 characters with BAD_REQUEST, saying so (a county's is some 12,000; a million held the writer 10 s)", async () => {
    const e = await rejection(api.caller.rubrics.createDraft({ text: "#".repeat(100_001) }));
    expect(e.code).toBe("BAD_REQUEST");
    expect(e.message).toContain("规则文本超过 10 万字");
    const check = await rejection(api.caller.rubrics.check({ text: "#".repeat(100_001) }));
    expect(check.code).toBe("BAD_REQUEST");
  });

  it("checks a text without the database: clean, then a precise diagnostic", async () => {
    const text = (await api.caller.rubrics.get({ id: await id2017() })).text;
    expect(await api.caller.rubrics.check({ text })).toEqual([]);
    const broken = text.replace("= 20 × (100% - 超期率)", "= 20 × (100% - 超期比率)");
    const errors = (await api.caller.rubrics.check({ text: broken })).filter((d) => d.severity === "error");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: "KH211", range: { start: { line: expect.any(Number) } } });
    expect(errors[0]?.message).toContain("超期比率");
  });

  it("formats a text, or returns its syntax errors", async () => {
    const text = (await api.caller.rubrics.get({ id: await id2017() })).text;
    const messy = text.replace("monthly 投诉件办理", "monthly    投诉件办理");
    expect(await api.caller.rubrics.format({ text: messy })).toEqual({ ok: true, text });
    const result = await api.caller.rubrics.format({ text: `${text}\nitem {` });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.diagnostics[0]?.severity).toBe("error");
  });
});

describe("rubrics: the values the data holds, for the editor's KH267", () => {
  const kind = { record: "orders", field: "kind" } as const;

  it("answers each column a text compares with: the demo's 诉求类型, most frequent first, keyed as the checker looks them up", async () => {
    const text =
      '考核办法 "测试" 版本 "1"\n施行自 2024-01\n考核类别 镇\n考核范围 本期工单 = 全部工单 其中 受理时间 在本期内\n指标 咨询数 = 计数 本期工单 其中 诉求类型 = "咨询类"\n';
    const { recordTexts = [] } = parse(text);
    const columns = recordColumns(recordTexts);
    expect(columns).toEqual([kind]);
    const values = await api.caller.rubrics.columnValues({ columns });
    const held = values[columnKey(kind)];
    expect(held?.complete).toBe(true);
    expect(held?.values.map((v) => v.value)).toContain("咨询");
    expect(held?.values.every((v, i, all) => i === 0 || (all[i - 1]?.count ?? 0) >= v.count)).toBe(true);
    // what the editor then underlines
    const [d] = checkRecordTexts(recordTexts, values);
    expect(d?.code).toBe("KH267");
    expect(d?.message).toContain("是否想写 咨询？");
    // an attribute no record has: no values, so nothing said of it
    const attribute = { record: "orders", attribute: "回访评价", label: "回访评价" } as const;
    expect(await api.caller.rubrics.columnValues({ columns: [attribute] })).toEqual({ [columnKey(attribute)]: { values: [], complete: true } });
    expect(await api.caller.rubrics.columnValues({ columns: [] })).toEqual({});
  });

  it("refuses columns past 20, a name past 100 characters or a shape that is neither: BAD_REQUEST in Chinese, naming the field", async () => {
    const cases: [unknown, string][] = [
      [{ columns: Array.from({ length: 21 }, () => kind) }, "输入有误：数据列：过多，最多 20 项"],
      [{ columns: [{ record: "orders", attribute: "评".repeat(101), label: null }] }, "输入有误：数据列第 1 项的扩展属性：过长，最多 100 个字"],
      [{ columns: [kind, { record: "orders", field: "" }] }, "输入有误：数据列第 2 项的字段：不能为空"],
      [{ columns: [{ record: "units", field: "kind" }] }, "输入有误：数据列第 1 项的记录种类：应为“orders”（工单）或“events”（事件）"],
      [
        { columns: [{ record: "orders", field: "kind", attribute: "评价" }] },
        "输入有误：数据列第 1 项：应写明字段（field），或扩展属性（attribute）及其表头（label），二者取一",
      ],
      [{ columns: [{ record: "orders" }] }, "输入有误：数据列第 1 项：应写明字段（field），或扩展属性（attribute）及其表头（label），二者取一"],
      [{ columns: [{ record: "orders", field: "kind", sql: "x" }] }, "输入有误：数据列第 1 项：没有这些字段：sql"],
    ];
    for (const [input, said] of cases) {
      const e = await rejection(api.caller.rubrics.columnValues(input as never));
      expect([e.code, e.message]).toEqual(["BAD_REQUEST", said]);
    }
  });
});

describe("rubrics: two editors saving one draft", () => {
  it("a save over a text someone saved since is refused, saying who and when, and changes nothing; saving the same text twice (a double click) is not", async () => {
    const text = await farFuture("2033-合写");
    const draft = await api.caller.rubrics.createDraft({ text });
    // A and B both opened the draft; A saves first
    const a = await api.caller.rubrics.updateDraft({ id: draft.id, text: `${text}\n# 甲的修改\n`, baseHash: draft.contentHash });
    // A's save pressed twice: the second finds its own text there
    expect((await api.caller.rubrics.updateDraft({ id: draft.id, text: `${text}\n# 甲的修改\n`, baseHash: draft.contentHash })).contentHash).toBe(
      a.contentHash,
    );
    // B, still on the text as opened, saves: refused, A's text kept
    const refused = await rejection(api.caller.rubrics.updateDraft({ id: draft.id, text: `${text}\n# 乙的修改\n`, baseHash: draft.contentHash }));
    expect(refused.code).toBe("CONFLICT");
    expect(refused.message).toMatch(
      new RegExp(
        `^这份草稿已由 ${ACTOR} 于 \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} 修改并保存，您的修改没有保存：请先下载或复制您的修改，载入最新文本后再合并保存$`,
      ),
    );
    expect((await api.caller.rubrics.get({ id: draft.id })).text).toBe(`${text}\n# 甲的修改\n`);
    // B, over the text as A saved it: saved
    expect((await api.caller.rubrics.updateDraft({ id: draft.id, text: `${text}\n# 甲的修改\n# 乙的修改\n`, baseHash: a.contentHash })).contentHash).not.toBe(
      a.contentHash,
    );
  });
});

describe("rubrics: drafts and publishing", () => {
  it("creates, updates, publishes a draft; removes another", async () => {
    const text = await farFuture("2031-试行");
    const draft = await api.caller.rubrics.createDraft({ text });
    expect(draft).toMatchObject({ status: "draft", version: "2031-试行", author: ACTOR, effectiveFrom: "2031-01", diagnostics: [] });

    const updated = await api.caller.rubrics.updateDraft({ id: draft.id, text: text.replace("in force from 2031-01", "in force from 2031-02") });
    expect(updated.effectiveFrom).toBe("2031-02");
    expect(updated.contentHash).not.toBe(draft.contentHash);

    const published = await api.caller.rubrics.publish({ id: draft.id, contentHash: updated.contentHash });
    expect(published).toMatchObject({ status: "published", publishedBy: ACTOR });
    expect((await api.caller.rubrics.inForce({ period: "2031-03" })).id).toBe(draft.id);
    // a month before it is still scored by the 2017 method
    expect((await api.caller.rubrics.inForce({ period: "2031-01" })).version).toBe("2017");

    const other = await api.caller.rubrics.createDraft({ text: await farFuture("2031-废弃") });
    expect(await api.caller.rubrics.remove({ id: other.id })).toEqual({ id: other.id });
    expect((await rejection(api.caller.rubrics.get({ id: other.id }))).code).toBe("NOT_FOUND");
  });

  it("will not publish a draft saved since the administrator reviewed it: CONFLICT naming who saved it, nothing published", async () => {
    const draft = await api.caller.rubrics.createDraft({ text: await farFuture("2031-审阅") });
    const admin = api.as("admin");
    // the administrator opens the draft and what publishing it would change
    const seen = await admin.rubrics.get({ id: draft.id });
    await admin.rubrics.publishImpact({ id: draft.id });
    // a policy officer saves a change meanwhile (over the text they opened: no conflict of theirs)
    const saved = await api.as("editor").rubrics.updateDraft({ id: draft.id, text: `${seen.text}\n# 审阅之后加的一行\n`, baseHash: seen.contentHash });
    const e = await rejection(admin.rubrics.publish({ id: draft.id, contentHash: seen.contentHash }));
    expect([e.code, e.data.appCode]).toEqual(["CONFLICT", "CONFLICT"]);
    expect(e.message).toBe(
      `这份草稿在您查看后已由 测试-editor 于 ${formatShanghai(Date.parse(saved.updatedAt), "minute")} 修改并保存，本次没有发布：请重新查看最新文本及其发布影响后再发布`,
    );
    expect(e.data.detail).toEqual({ draftChanged: true });
    expect(await api.caller.rubrics.get({ id: draft.id })).toMatchObject({ status: "draft", publishedAt: null, contentHash: saved.contentHash });
    // a publish that does not say which text it reviewed is refused before anything is done
    const unsaid = await rejection(admin.rubrics.publish({ id: draft.id } as { id: number; contentHash: string }));
    expect(unsaid.code).toBe("BAD_REQUEST");
    expect(unsaid.message).toContain("发布须注明您查看过的草稿文本");
    // the latest text reviewed: published, with the editor's line
    const published = await admin.rubrics.publish({ id: draft.id, contentHash: saved.contentHash });
    expect(published).toMatchObject({ status: "published", publishedBy: "测试-admin", contentHash: saved.contentHash });
    expect(published.text).toContain("# 审阅之后加的一行");
  });

  it("will not edit a published version: FORBIDDEN, in Chinese, saying to make a new draft", async () => {
    const id = await id2017();
    const { text } = await api.caller.rubrics.get({ id });
    const e = await rejection(api.caller.rubrics.updateDraft({ id, text: `${text}\n# 改一下` }));
    expect(e.code).toBe("FORBIDDEN");
    expect(e.data.appCode).toBe("FORBIDDEN");
    expect(e.message).toBe("规则“桓台县市民投诉（民生热线）工作考核办法”（2017）已发布，不能修改：请另建草稿");
    expect(e.data.zh).toBe(e.message);
    expect(e.data.en).toBe("published rubric versions are immutable");
    // nor delete it
    expect((await rejection(api.caller.rubrics.remove({ id }))).code).toBe("FORBIDDEN");
  });

  it("will not publish a draft with errors: RUBRIC_INVALID with the diagnostics", async () => {
    const text = await farFuture("2031-有错");
    const draft = await api.caller.rubrics.createDraft({ text: text.replace("= 10 × 办结率", "= 10 × 结案率") });
    expect(draft.diagnostics.filter((d) => d.severity === "error")).toHaveLength(1);
    const e = await rejection(api.caller.rubrics.publish({ id: draft.id, contentHash: draft.contentHash }));
    expect(e.code).toBe("UNPROCESSABLE_CONTENT");
    expect(e.data.appCode).toBe("RUBRIC_INVALID");
    expect(e.message).toMatch(/^规则有 1 处错误，改正后才能发布（第 \d+ 行：.*结案率/);
    expect(e.data.detail).toEqual([expect.objectContaining({ code: "KH211", severity: "error" })]);
    expect((await api.caller.rubrics.get({ id: draft.id })).status).toBe("draft");
  });

  it("refuses a second draft with the same name and version: CONFLICT", async () => {
    const text = await farFuture("2031-重名");
    await api.caller.rubrics.createDraft({ text });
    const e = await rejection(api.caller.rubrics.createDraft({ text }));
    expect(e.code).toBe("CONFLICT");
    expect(e.message).toMatch(CHINESE);
    expect(e.message).toContain("请在文件头改用新的 version");
  });

  it("names a draft without a version by when it was saved, in Beijing time to the second; two in the same second apart", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      // 01:41:38.518 UTC is 09:41:38 in Beijing, as the console's 修改于 shows it
      vi.setSystemTime(new Date("2026-12-04T01:41:38.518Z"));
      const first = await api.caller.rubrics.createDraft({ text: "" });
      expect(first.version).toBe("草稿 2026-12-04 09:41:38");
      const second = await api.caller.rubrics.createDraft({ text: "# 另一份\n" });
      expect(second.version).toBe("草稿 2026-12-04 09:41:38（2）");
      // saved again in the same second: it keeps its own name rather than clash with the first
      vi.setSystemTime(new Date("2026-12-04T01:41:38.900Z"));
      expect((await api.caller.rubrics.updateDraft({ id: second.id, text: "# 另一份，改过\n" })).version).toBe("草稿 2026-12-04 09:41:38（2）");
    } finally {
      vi.useRealTimers();
    }
  });

  it("will not publish a version that cannot score its first month in force: RUBRIC_INVALID naming the month", async () => {
    // it checks clean, but ranks no monthly assessment: scoring 2017-10 fails
    const text = await variantOf2017(api, "2017-无月度排名", (t) =>
      t.replace("in force from 2017-09", "in force from 2017-10").replace("  monthly 投诉件办理\n", ""),
    );
    const draft = await api.caller.rubrics.createDraft({ text });
    expect(draft.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const e = await rejection(api.caller.rubrics.publish({ id: draft.id, contentHash: draft.contentHash }));
    expect(e.code).toBe("UNPROCESSABLE_CONTENT");
    expect(e.data.appCode).toBe("RUBRIC_INVALID");
    expect(e.message).toMatch(/^规则“.*”（2017-无月度排名）在施行的第一个月2017年10月计分失败，未发布：/);
    expect((await api.caller.rubrics.get({ id: draft.id })).status).toBe("draft");
    expect((await api.caller.rubrics.inForce({ period: "2017-10" })).version).toBe("2017");
  });

  it("withdraws a published version with the reason: no longer in force, the previous version takes its months back", async () => {
    const text = (await farFuture("2031-误发")).replace("in force from 2031-01", "in force from 2031-05");
    const draft = await api.caller.rubrics.createDraft({ text });
    await api.caller.rubrics.publish({ id: draft.id, contentHash: draft.contentHash });
    expect((await api.caller.rubrics.inForce({ period: "2031-06" })).id).toBe(draft.id);

    expect((await rejection(api.caller.rubrics.withdraw({ id: draft.id, reason: "  " }))).code).toBe("BAD_REQUEST");
    const withdrawn = await api.caller.rubrics.withdraw({ id: draft.id, reason: "施行月份写错" });
    expect(withdrawn).toMatchObject({ status: "withdrawn", withdrawnBy: ACTOR, withdrawnReason: "施行月份写错" });
    expect(typeof withdrawn.withdrawnAt).toBe("string");
    // 2031-06 falls back to the version published before it
    expect((await api.caller.rubrics.inForce({ period: "2031-06" })).version).toBe("2031-试行");
    expect((await api.caller.rubrics.list()).find((v) => v.id === draft.id)?.status).toBe("withdrawn");
    const audit = await api.store.prisma.auditLog.findMany({ where: { action: "rubric.withdraw", entityId: String(draft.id) } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: ACTOR, detail: expect.objectContaining({ reason: "施行月份写错" }) });

    // not twice; a draft is deleted, not withdrawn; never edited or published again
    expect((await rejection(api.caller.rubrics.withdraw({ id: draft.id, reason: "再撤" }))).code).toBe("CONFLICT");
    const other = await api.caller.rubrics.createDraft({ text: await farFuture("2031-草稿") });
    const e = await rejection(api.caller.rubrics.withdraw({ id: other.id, reason: "不要了" }));
    expect([e.code, e.message]).toEqual(["CONFLICT", "草稿尚未发布，无需撤回：可直接删除"]);
    expect((await rejection(api.caller.rubrics.publish({ id: draft.id, contentHash: draft.contentHash }))).code).toBe("CONFLICT");
    expect((await rejection(api.caller.rubrics.updateDraft({ id: draft.id, text: "x" }))).message).toContain("已撤回，不能修改");
    expect((await rejection(api.as(null).rubrics.withdraw({ id: draft.id, reason: "匿名" }))).code).toBe("UNAUTHORIZED");
    // policy staff edit drafts but do not withdraw versions
    expect((await rejection(api.as("editor").rubrics.withdraw({ id: draft.id, reason: "越权" }))).code).toBe("FORBIDDEN");
  });

  it("needs a signed-in user for writes: UNAUTHORIZED", async () => {
    const anonymous = api.as(null);
    const e = await rejection(anonymous.rubrics.createDraft({ text: await farFuture("2031-匿名") }));
    expect(e.code).toBe("UNAUTHORIZED");
    expect(e.data.appCode).toBe("UNAUTHORIZED");
    expect(e.message).toMatch(CHINESE);
  });
});
