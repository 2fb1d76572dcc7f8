/**
 * A user's name (姓名) is the audit log's 操作人: a line break, a control, zero-width or direction character in it is
 * refused, as in the center's name, when the user is created or renamed (an edge-case fuzz of every procedure found
 * 张\u200b三 and a name across two lines accepted). Nothing is written.
 */
import { databases } from "@kaohe/db/testing";
import { describe, expect, it } from "vitest";
import { setCenterName } from "../src/settings.ts";
import { createUser, listUsers, type SessionUser, updateUser } from "../src/users.ts";
import { refusal } from "./support/refusal.ts";
import { useOpenStore } from "./support/rubric-store.ts";

const PASSWORD = "Names-Test-2017";
const SAID = "姓名中不能有换行、控制字符或看不见的字符（零宽字符、方向标记）：请删去后重试";

describe.each(databases)("a user's name on $label", (target) => {
  const opened = useOpenStore(target);

  it("with a line break, a zero-width space, a direction mark or a control character: refused at creation, no user made", async () => {
    for (const [i, name] of ["张\u200b三", "张三\n李四", "张三\u200f", "\u202e三张", "张\u0007三", "张\u2060三"].entries()) {
      const e = await refusal(createUser(opened(), { username: `bad${i}`, displayName: name, role: "viewer", password: PASSWORD }, "管理员"));
      expect([name, e.code, e.zh]).toEqual([name, "BAD_INPUT", SAID]);
    }
    expect((await listUsers(opened())).map((u) => u.username)).toEqual([]);
  });

  it("refused at a rename too, the name kept; a plain name with a space is a name", async () => {
    const made = await createUser(opened(), { username: "zhang", displayName: "张 三", role: "viewer", password: PASSWORD }, "管理员");
    expect(made.displayName).toBe("张 三");
    const admin: SessionUser = { id: 0, username: "admin", displayName: "管理员", role: "sysadmin", unitCode: null, mustChangePassword: false };
    const e = await refusal(updateUser(opened(), made.id, { displayName: "张\u200d三", role: "viewer" }, admin));
    expect(e.zh).toBe(SAID);
    expect((await listUsers(opened())).find((u) => u.id === made.id)?.displayName).toBe("张 三");
  });

  it("the center's name refuses a direction mark too", async () => {
    const e = await refusal(setCenterName(opened(), "桓台县\u200f民生热线服务中心", "管理员"));
    expect(e.zh).toBe("中心名称不能含控制字符或零宽字符");
  });
});
