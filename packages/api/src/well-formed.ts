/**
 * Text that is not text: a lone UTF-16 surrogate (`"\uD800"`, which JSON allows) in any string of a request. The
 * database driver refused it with a stack in the log and a 500 to the caller, unsigned-in at the sign-in too (found by
 * a security review); it is refused before anything is done, in Chinese, as any malformed input is.
 */
import { hasLoneSurrogate } from "@kaohe/data/limits";
import { AppError, ErrorCodes } from "@kaohe/db/errors";

/** Does any string in the value (an object's keys too), however nested, hold a lone surrogate? */
function hasIllFormedText(value: unknown, depth = 0): boolean {
  if (typeof value === "string") return hasLoneSurrogate(value);
  if (value === null || typeof value !== "object" || depth > 64) return false;
  if (Array.isArray(value)) return value.some((v) => hasIllFormedText(v, depth + 1));
  for (const [key, v] of Object.entries(value)) if (hasLoneSurrogate(key) || hasIllFormedText(v, depth + 1)) return true;
  return false;
}

/** Refuses a request whose input holds text that is not text. */
export function assertWellFormed(value: unknown): void {
  if (hasIllFormedText(value))
    throw new AppError(ErrorCodes.BadInput, "输入中含有无效的字符（不成对的 UTF-16 代理项）：请删去后重试", "the input holds a lone UTF-16 surrogate");
}
