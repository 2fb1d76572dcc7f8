/**
 * The password rules, in one place: the server checks them (users.ts) and the
 * console shows and checks them before sending (imported as
 * `@kaohe/services/password`, a module with no database in it).
 */

/** The rules as a person reads them, beside a password field. */
export const PASSWORD_RULES = ["至少 10 个字符", "包含小写字母、大写字母、数字、符号中的至少三种", "不能包含用户名"] as const;

/** Why a password can't be used; null when it can. */
export function passwordProblem(password: string, username?: string): string | null {
  if (password.length < 10) return "密码至少 10 个字符";
  if (password.length > 200) return "密码最多 200 个字符";
  const kinds = [/[a-z]/, /[A-Z]/, /\d/, /[^a-zA-Z\d]/].filter((re) => re.test(password)).length;
  if (kinds < 3) return "密码需包含小写字母、大写字母、数字、符号中的至少三种";
  if (username && password.toLowerCase().includes(username.toLowerCase())) return "密码不能包含用户名";
  return null;
}
