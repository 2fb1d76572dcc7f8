import { describe, expect, it } from "vitest";
import { firstFormatKind, undoOffer } from "./files.ts";

describe("the 文件格式与模板 drawer", () => {
  it("opens on 单位 while no unit is stored (a new center imports them first), else on 工单 or the kind asked for", () => {
    expect(firstFormatKind(undefined, 0)).toBe("units");
    expect(firstFormatKind(undefined, 20)).toBe("orders");
    expect(firstFormatKind("events", 0)).toBe("events");
  });
});

describe("a past import's undo", () => {
  it("is offered, or the row says it cannot be and why (a holiday calendar never can)", () => {
    expect(undoOffer({ kind: "orders", undoable: true })).toEqual({ label: "撤销导入", reason: null });
    expect(undoOffer({ kind: "calendar", undoable: false })).toEqual({
      label: "不可撤销",
      reason: "节假日安排的导入不能撤销：如需更正，请导入改正后的节假日安排文件",
    });
    expect(undoOffer({ kind: "orders", undoable: false }).reason).toBe("此批次导入于系统保存导入前数据之前，无法撤销");
  });
});
