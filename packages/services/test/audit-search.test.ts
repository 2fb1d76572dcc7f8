/**
 * The audit log searched by user, on both databases: a part of the display name or of the login finds the entries,
 * whatever the case of its Latin letters (PostgreSQL compares text case by case unless told not to; SQLite's LIKE
 * does not), an entry written before actors were named 显示名（登录名） is found by the display name too, and another
 * user's entries are not found.
 */

import { openStore, type Store } from "@kaohe/db";
import { databases, useDatabase } from "@kaohe/db/testing";
import { describe, expect, it } from "vitest";
import { eachAuditEntry, listAudit, recordAudit } from "../src/audit.ts";
import { eachAuditCsvLine } from "../src/audit-csv.ts";
import { detailText } from "../src/audit-labels.ts";
import { createUser } from "../src/users.ts";

describe.each(databases)("the audit log searched by user ($label)", (target) => {
  const db = useDatabase(target);
  let store: Store;
  const open = async () => {
    store ??= await openStore(db.url, { migrate: false });
    return store;
  };

  it("finds a user by part of the name or login in any case, older entries by the display name, and no one else", async () => {
    const s = await open();
    await createUser(s, { username: "ZhangWei", displayName: "张伟 Office", role: "admin", password: "Audit-Search-2017" }, "测试准备");
    await createUser(s, { username: "lisi", displayName: "李四", role: "viewer", password: "Audit-Search-2017" }, "测试准备");
    const entry = { entity: "periods", entityId: "2018-03", detail: {}, address: null };
    await recordAudit(s, { ...entry, actor: "张伟 Office（ZhangWei）", action: "period.publish" });
    // written before the display name was part of the actor: the login alone
    await recordAudit(s, { ...entry, actor: "ZhangWei", action: "auth.signIn", entity: "users", entityId: "ZhangWei" });
    await recordAudit(s, { ...entry, actor: "李四（lisi）", action: "period.publish" });

    const found = async (user: string) => (await listAudit(s, { user })).rows.map((r) => `${r.action} ${r.actor}`).sort();
    const zhang = ["auth.signIn 张伟 Office（ZhangWei）", "period.publish 张伟 Office（ZhangWei）"];
    // the login as written, in other cases, and a part of it
    expect(await found("ZhangWei")).toEqual(zhang);
    expect(await found("zhangwei")).toEqual(zhang);
    expect(await found("ZHANG")).toEqual(zhang);
    // the display name's Latin part in another case: the newer entry by its actor, the older by the user's display name
    expect(await found("office")).toEqual(zhang);
    expect(await found("张伟")).toEqual(zhang);
    expect(await found("LISI")).toEqual(["period.publish 李四（lisi）"]);
    expect(await found("王五")).toEqual([]);
    // % and _ are letters here, not LIKE's wildcards (“%” found every entry, “Zh_ng” found ZhangWei: a security probe)
    expect(await found("%")).toEqual([]);
    expect(await found("_")).toEqual([]);
    expect(await found("Zh_ng")).toEqual([]);
    await recordAudit(s, { ...entry, actor: "测试_100%（ce_shi）", action: "period.publish" });
    expect(await found("_100%")).toEqual(["period.publish 测试_100%（ce_shi）"]);
    // the CSV export reads the same entries
    const exported: string[] = [];
    for await (const e of eachAuditEntry(s, { user: "zhangWEI" })) exported.push(`${e.action} ${e.actor}`);
    expect(exported.sort()).toEqual(zhang);
  });

  it("keeps as text in the CSV what a spreadsheet would take as a formula: after spaces, or a leading line break, too", async () => {
    const s = await open();
    // a user's display name and an id from a file: " =1+1" went out unchanged (a security review)
    const entry = { entity: "periods", detail: {}, address: null, action: "formula.probe" };
    await recordAudit(s, { ...entry, actor: " =1+1（probe）", entityId: "\n=2+2" });
    await recordAudit(s, { ...entry, actor: "\t@SUM(1)（probe）", entityId: "-1" });
    // the full-width ＝ Excel and WPS in Chinese read as =, and after a full-width space
    await recordAudit(s, { ...entry, actor: "＝HYPERLINK(1)（probe）", entityId: "\u3000=3+3" });
    const csv: string[] = [];
    for await (const line of eachAuditCsvLine(s, { action: "formula.probe" })) csv.push(line);
    const cells = csv.slice(1).map((line) => line.split('","').map((c) => c.replace(/^"|"\r\n$/g, "")));
    expect(cells.map((c) => [c[1], c[4]]).sort()).toEqual([
      ["'\t@SUM(1)（probe）", "-1"],
      ["' =1+1（probe）", "'\n=2+2"],
      ["'＝HYPERLINK(1)（probe）", "'\u3000=3+3"],
    ]);
  });

  it("names the user an entry is about as they are named now (用户 5 said nothing), in the console's rows and the CSV's", async () => {
    const s = await open();
    const { id } = await createUser(s, { username: "wangwu", displayName: "王五", role: "viewer", password: "Audit-Search-2017" }, "测试准备");
    await s.prisma.user.update({ where: { id }, data: { displayName: "王五（已调岗）" } });
    await recordAudit(s, { actor: "xitong", action: "user.disable", entity: "users", entityId: String(id), detail: {}, address: null });
    // an account since removed, and an older entry naming its user by login: as recorded
    await recordAudit(s, { actor: "xitong", action: "user.disable", entity: "users", entityId: "999999", detail: {}, address: null });
    const rows = (await listAudit(s, { action: "user.disable" })).rows;
    expect(rows.map((r) => [r.entityId, r.entityName])).toEqual([
      ["999999", undefined],
      [String(id), "王五（已调岗）（wangwu）"],
    ]);
    const exported: (string | undefined)[] = [];
    for await (const e of eachAuditEntry(s, { action: "user.disable" })) exported.push(e.entityName);
    expect(exported).toEqual(["王五（已调岗）（wangwu）", undefined]);
  });

  it("names a rubric version, a publication, an objection, an explanation, an import and a period as a person reads them (规则版本 1 said nothing)", async () => {
    const s = await open();
    await s.prisma.category.create({ data: { name: "镇", position: 1 } });
    await s.prisma.unit.create({ data: { code: "Z01", name: "唐山镇", category: "镇", attributes: {} } });
    const rubric = await s.prisma.rubricVersion.create({
      data: { name: "某县考核办法", version: "2018", status: "published", text: "", contentHash: "x", author: "测试", effectiveFrom: "2018-01" },
    });
    const published = await s.prisma.publishedResult.create({
      data: { period: "2018-10", schedule: "monthly", rubricVersionId: rubric.id, dataHash: "x", snapshot: {}, publishedBy: "测试" },
    });
    const objection = await s.prisma.objection.create({
      data: { period: "2018-11", unitCode: "Z01", subject: "other", proposed: [], reason: "理由", status: "open", raisedBy: "测试" },
    });
    const explanation = await s.prisma.explanation.create({
      data: { period: "2018-11", unitCode: "Z01", text: "说明", reasons: [], status: "submitted", submittedBy: "测试" },
    });
    const batch = await s.prisma.importBatch.create({
      data: { kind: "orders", fileName: "工单2018-11.xlsx", fileHash: "x", rows: 1, inserted: 1, updated: 0, unchanged: 0, createdBy: "测试" },
    });
    const about: [string, string][] = [
      ["rubric_versions", String(rubric.id)],
      ["published_results", String(published.id)],
      ["objections", String(objection.id)],
      ["explanations", String(explanation.id)],
      ["import_batches", String(batch.id)],
      ["assessment_cycles", "2018-11"],
      // a fact updated by an import, by unit/year/item
      ["facts", "Z01/2018/领导小组"],
      // a draft since deleted: its id, as recorded
      ["rubric_versions", "999999"],
    ];
    for (const [entity, entityId] of about) await recordAudit(s, { actor: "kaohe", action: "named.test", entity, entityId, detail: {}, address: null });
    // an import as a whole (开始导入, 导入完成) is entered under its job's UUID, with the files it reads: named by them
    const job = "8e895d0d-5e93-4d64-8dba-ae17d82ff0a5";
    for (const files of [["units.csv", "orders.csv", "events.csv"], ["工单2018-11.xlsx"]])
      await recordAudit(s, { actor: "kaohe", action: "named.test", entity: "import_batches", entityId: job, detail: { files }, address: null });
    const rows = (await listAudit(s, { action: "named.test" })).rows.reverse();
    expect(rows.map((r) => r.entityName)).toEqual([
      "“某县考核办法” 2018",
      "2018年10月",
      `#${objection.id}（唐山镇，2018年11月）`,
      "唐山镇 2018年11月",
      "“工单2018-11.xlsx”",
      "2018年11月",
      "唐山镇 2018年度“领导小组”",
      undefined,
      "“units.csv”等 3 个文件",
      "“工单2018-11.xlsx”",
    ]);
  });

  it("names the objects an entry's detail holds by id (规则版本：6, 引用异议：3、4 said nothing), in the console's text and the CSV's", async () => {
    const s = await open();
    // the store of the test above: its 唐山镇 (Z01), a rubric of its own
    const rubric = await s.prisma.rubricVersion.create({
      data: { name: "某县考核办法", version: "2019", status: "published", text: "", contentHash: "x", author: "测试", effectiveFrom: "2018-01" },
    });
    const objection = (reason: string) =>
      s.prisma.objection.create({ data: { period: "2018-11", unitCode: "Z01", subject: "other", proposed: [], reason, status: "accepted", raisedBy: "测试" } });
    const [first, second] = [await objection("一"), await objection("二")];
    const detail = {
      period: "2018-11",
      rubricVersionId: rubric.id,
      replaces: null,
      objections: [first.id, second.id],
      undecidedObjections: [],
      unitCode: "Z01",
    };
    await recordAudit(s, { actor: "kaohe", action: "result.publish", entity: "published_results", entityId: "1", detail, address: null });
    // a rubric version since deleted and a unit no longer in the list: as recorded
    await recordAudit(s, {
      actor: "kaohe",
      action: "named.detail",
      entity: "x",
      entityId: "",
      detail: { rubricVersionId: 999999, unitCode: "GONE" },
      address: null,
    });
    const rows = (await listAudit(s, {})).rows;
    const said = (r: (typeof rows)[number] | undefined) => detailText(r?.detail, r?.detailNames);
    // every pair, in whatever order PostgreSQL's jsonb keeps the keys, and nothing else
    const holds = (r: (typeof rows)[number] | undefined, pairs: string[]) => {
      const text = said(r);
      for (const pair of pairs) expect(text).toContain(pair);
      expect(text.length).toBe(pairs.join("，").length);
    };
    holds(
      rows.find((r) => r.action === "result.publish"),
      [
        "考核期：2018-11",
        "规则版本：“某县考核办法” 2019",
        "取代发布：—",
        `引用异议：#${first.id}（唐山镇，2018年11月）、#${second.id}（唐山镇，2018年11月）`,
        "未处理异议：无",
        "单位编码：唐山镇（Z01）",
      ],
    );
    holds(
      rows.find((r) => r.action === "named.detail"),
      ["规则版本：999999", "单位编码：GONE"],
    );
    const csv: string[] = [];
    for await (const line of eachAuditCsvLine(s, { action: "result.publish" })) csv.push(line);
    expect(csv[1]).toContain("规则版本：“某县考核办法” 2019");
  });
});

describe("the person a publication names on paper", () => {
  it("is the actor's display name without the login: the bulletin and the month's report print 考核办, not 考核办（kaohe）", async () => {
    const { personOf } = await import("../src/audit.ts");
    expect(personOf("考核办（演示）（kaohe）")).toBe("考核办（演示）");
    expect(personOf("王五（已调岗）（wangwu）")).toBe("王五（已调岗）");
    expect(personOf("张三（zhangsan）")).toBe("张三");
    // the login alone (display name the same), or a name as an older entry wrote it: as it is
    expect(personOf("kaohe")).toBe("kaohe");
    expect(personOf("李四")).toBe("李四");
  });
});
