import { describe, expect, test } from "vitest";
import { passwordChangedText, passwordToChangeReason } from "./password-text.ts";

describe("the password pages' text", () => {
  test("the first start's generated password is not said to be an administrator's", () => {
    expect(passwordToChangeReason("系统管理员", "firstStart")).toMatch(/^系统管理员，您正在使用系统首次启动时生成的初始密码/);
    expect(passwordToChangeReason("系统管理员", "firstStart")).not.toContain("管理员设置");
    expect(passwordToChangeReason("张三", "given")).toMatch(/^张三，您的密码由管理员设置或已被重置/);
  });

  test("other sign-ins are said to have ended only when some did", () => {
    expect(passwordChangedText(0)).toBe("密码已修改");
    expect(passwordChangedText(2)).toBe("密码已修改；您在其他浏览器或设备上的 2 处登录已退出");
  });
});
