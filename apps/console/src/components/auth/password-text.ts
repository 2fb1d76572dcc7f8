/** What the password pages say: where the password to change came from, and what a change ended. */
import type { Me } from "../../lib/auth.tsx";

/** Why a user must change their password first: the first start's generated one, or one an administrator gave. */
export function passwordToChangeReason(name: string, origin: Me["passwordOrigin"]): string {
  const who = name ? `${name}，` : "";
  if (origin === "firstStart")
    return `${who}您正在使用系统首次启动时生成的初始密码（首次启动时在服务器终端显示过一次）。为了账号安全，请设置只有您知道的新密码后再使用控制台。`;
  return `${who}您的密码由管理员设置或已被重置。为了账号安全，请设置只有您知道的新密码后再使用控制台。`;
}

/** The toast after a change: other sign-ins are named only when the change ended some. */
export function passwordChangedText(otherSessionsEnded: number): string {
  return otherSessionsEnded > 0 ? `密码已修改；您在其他浏览器或设备上的 ${otherSessionsEnded} 处登录已退出` : "密码已修改";
}
