/**
 * The audit log's details in words, as the console and the CSV show them: an objection's corrections say the record,
 * the field by its Chinese name and the values as a person reads them (a time in Beijing time, yes/no), not the
 * stored codes and milliseconds.
 */
import { shanghaiEpoch } from "@kaohe/time";
import { describe, expect, it } from "vitest";
import { detailText, entityIdLabel } from "../src/audit-labels.ts";

describe("the audit log's details in words", () => {
  it("an accepted objection's corrections: record, field and values as the drill-down says them", () => {
    const detail = {
      period: "2019-01",
      unitCode: "HTZ01",
      decision: "予以采纳",
      corrections: [
        { record: "orders", recordId: "GD2019010017", field: "extendedTo", from: null, to: shanghaiEpoch(2019, 1, 14, 18) },
        { record: "orders", recordId: "GD2019010018", field: "delayExcused", from: false, to: true },
        { record: "events", recordId: "SJ7", field: "count", from: 2, to: 1 },
      ],
    };
    expect(detailText(detail)).toBe(
      "考核期：2019-01，单位编码：HTZ01，处理意见：予以采纳，更正：" +
        "工单 GD2019010017 的“延期至”：空 → 2019-01-14 18:00、工单 GD2019010018 的“超期说明已认可”：否 → 是、考核事件 SJ7 的“次数”：2 → 1",
    );
  });

  it("a value that ends its own sentence is not followed by a comma too (予以采纳。，更正 read so; found by a helper)", () => {
    expect(detailText({ period: "2019-01", decision: "经核实，予以采纳。", subject: "orders" })).toBe(
      "考核期：2019-01，处理意见：经核实，予以采纳。异议对象：工单",
    );
  });

  it("codes a person does not read are said in words: an objection's subject, a refusal's permission, a setting's name", () => {
    expect(detailText({ period: "2018-11", subject: "orders" })).toBe("考核期：2018-11，异议对象：工单");
    expect(detailText({ subject: "other" })).toBe("异议对象：其他");
    // an account refused for signing in too often (users.ts), audited once in 10 minutes
    expect(detailText({ reason: "tooManySignIns", signIns: 20 })).toBe("原因：该账号 10 分钟内登录次数过多（其后的拒绝不再逐条记录），10 分钟内的登录次数：20");
    // one browser over its own sign-in places (apps/server/src/auth.ts): said as the browser's, not the address's
    expect(detailText({ reason: "deviceParallel", username: "zhangsan" })).toBe(
      "原因：同一浏览器（登录过该账号）同时发出的登录请求过多，该地址的其他浏览器不受影响（10 分钟内其后的不再逐条记录），用户名：zhangsan",
    );
    // the permission as the permission matrix says it, its code after it (what docs/permissions.md lists)
    expect(detailText({ permission: "audit.read", role: "unit" })).toBe("所需权限：查看审计日志（audit.read），角色：单位用户");
    expect(detailText({ permission: "responses.read" })).toBe("所需权限：查看书面说明与异议（单位用户仅限本单位）（responses.read）");
    // what a refused call asked for: whose figures, of which period
    expect(detailText({ permission: "unit.read", role: "unit", asked: { period: "2018-11", unitCode: "HTZ02" } })).toBe(
      "所需权限：查看单位得分明细与工单（单位用户仅限本单位）（unit.read），角色：单位用户，所请求：（考核期：2018-11，单位编码：HTZ02）",
    );
    expect(entityIdLabel("settings", "centerName")).toBe("中心名称");
    // anything not listed, as recorded
    expect(detailText({ permission: "something.new", subject: "elsewhere" })).toBe("所需权限：something.new，异议对象：elsewhere");
    expect(entityIdLabel("users", "7")).toBe("7");
  });

  it("an import's update of a record: the columns by their names, the values as read (it showed closedAt and milliseconds, and said 更正)", () => {
    const detail = {
      batchId: 7,
      changes: {
        closedAt: { from: shanghaiEpoch(2018, 11, 4, 9, 4), to: shanghaiEpoch(2018, 11, 9, 10, 40) },
        delayExcused: { from: false, to: true },
        unit: { from: "HTZ01", to: "HTZ02" },
      },
    };
    expect(detailText(detail, {}, "orders")).toBe(
      "导入批次：7，改变：办结时间 2018-11-04 09:04 → 2018-11-09 10:40，超期说明已认可 否 → 是，承办单位 HTZ01 → HTZ02",
    );
    expect(detailText({ batchId: 8, changes: { value: { from: "是", to: "否" } } }, {}, "facts")).toBe("导入批次：8，改变：填报值 是 → 否");
    // a rubric draft's content hashes by their first 12 digits
    expect(detailText({ from: "a".repeat(64), to: "b".repeat(64) })).toBe(`原为：${"a".repeat(12)}…，改为：${"b".repeat(12)}…`);
  });
});
