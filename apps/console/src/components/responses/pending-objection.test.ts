import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { MemoryRouter } from "react-router";
import { describe, expect, test } from "vitest";
import { PendingObjectionTag, pendingText } from "./pending-objection.tsx";
import type { Objection } from "./types.ts";
import { pendingByRecord } from "./workflow.ts";

const change = (recordId: string, fieldLabel: string, record: "orders" | "events" = "orders") =>
  ({ record, recordId, field: fieldLabel, to: true, fieldLabel, text: "" }) as Objection["proposed"][number];
const objection = (id: number, status: Objection["status"], proposed: Objection["proposed"]) => ({ id, status, proposed }) as Objection;

describe("a record the unit has objected to already, undecided", () => {
  const list = [
    objection(3, "open", [change("HT20181100006", "超期说明已认可")]),
    objection(1, "open", [change("HT20181100006", "延期至"), change("HT20181100007", "回退"), change("HT20181100007", "回退认可")]),
    objection(2, "rejected", [change("HT20181100008", "回退")]),
    objection(4, "withdrawn", [change("HT20181100009", "回退")]),
    objection(5, "open", [change("SJ-1", "次数", "events")]),
  ];

  test("each order names its undecided objections, oldest first, with the fields each asks; decided and withdrawn ones are not", () => {
    const by = pendingByRecord(list, "orders");
    expect(by.get("HT20181100006")).toEqual([
      { id: 1, fields: ["延期至"] },
      { id: 3, fields: ["超期说明已认可"] },
    ]);
    expect(by.get("HT20181100007")).toEqual([{ id: 1, fields: ["回退", "回退认可"] }]);
    expect([...by.keys()].sort()).toEqual(["HT20181100006", "HT20181100007"]);
    expect([...pendingByRecord(list, "events").keys()]).toEqual(["SJ-1"]);
    expect(pendingByRecord(undefined, "orders").size).toBe(0);
  });

  test("the mark says 已有待处理的异议 #N, linking to the unit's 说明与异议 page; its tooltip what is asked and what another one may be", () => {
    const pending = pendingByRecord(list, "orders").get("HT20181100006");
    const html = renderToStaticMarkup(
      createElement(MemoryRouter, null, createElement(PendingObjectionTag, { pending, period: "2018-11", center: "桓台县民生热线服务中心", link: true })),
    );
    expect(html).toContain("已有待处理的异议 #1、#3");
    expect(html).toContain('href="/responses/2018-11"');
    expect(pendingText(pending ?? [], "桓台县民生热线服务中心")).toBe(
      "本单位已就此记录提出异议 #1（“延期至”）、#3（“超期说明已认可”），桓台县民生热线服务中心尚未处理。同一内容无须再提；如对其他内容有异议，可另行提出。",
    );
    // in the form (on that page already): no link; a record with none pending: no mark
    const inForm = renderToStaticMarkup(createElement(PendingObjectionTag, { pending, period: "2018-11", center: "中心" }));
    expect(inForm).toContain("已有待处理的异议 #1、#3");
    expect(inForm).not.toContain("href");
    expect(renderToStaticMarkup(createElement(PendingObjectionTag, { pending: undefined, period: "2018-11", center: "中心" }))).toBe("");
  });
});
