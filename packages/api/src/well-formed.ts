/**
 * Text that is not text, or that no report can hold, in any string of a request, refused before anything is done, in
 * Chinese, as any malformed input is:
 * - a lone UTF-16 surrogate (`"\uD800"`, which JSON allows): the database driver refused it with a stack in the log and
 *   a 500 to the caller, unsigned-in at the sign-in too (found by a security review);
 * - a control character but tab, line feed and carriage return, U+FFFE or U+FFFF: XML has no place for them, and a
 *   unit's objection reason holding one broke the center's month report (XLSX) and the bulletin (DOCX) (a security
 *   review);
 * - the controls that turn text around as it is shown (U+202A–U+202E, U+2066–U+2069): a reason or a name shown
 *   otherwise than it reads.
 * A rubric's text (`except`, the key it is given under) is the rubric checker's to judge (KH102 says where such a
 * character is); only lone surrogates are refused in it here.
 */
import { hasLoneSurrogate } from "@kaohe/data/limits";
import { AppError, ErrorCodes } from "@kaohe/db/errors";

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const UNWRITABLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff\u202a-\u202e\u2066-\u2069]/;

type Flaw = "surrogate" | "deep" | { char: string; after: string };

/**
 * Levels of nesting an input may have (the deepest of ours has three or four): deeper is refused. It was let through unwalked,
 * and 100,000 levels then overflowed the stack of the structured clone that sends an input to the writer thread, a
 * line in the server's log at each call (a security review); the walk itself recurses no deeper than this.
 */
const MAX_DEPTH = 64;

function flawOf(text: string, controls: boolean, quoted = true): Flaw | null {
  if (hasLoneSurrogate(text)) return "surrogate";
  const found = controls ? UNWRITABLE.exec(text) : null;
  // the few characters before it, to find it by (it is invisible, and one turning text around shows it reversed: a
  // walk); never a password's (its tail would be shown back: a review)
  return found ? { char: found[0], after: quoted ? [...text.slice(0, found.index)].slice(-8).join("") : "" } : null;
}

/** Keys whose text is not quoted back: a password's. */
const SECRET = /password/i;

/** The first flaw of any string in the value (an object's keys too), to MAX_DEPTH levels; `except`'s value at the top, surrogates only. */
function firstFlaw(value: unknown, except: string | undefined, depth = 0): Flaw | null {
  if (typeof value === "string") return flawOf(value, true);
  if (value === null || typeof value !== "object") return null;
  if (depth >= MAX_DEPTH) return "deep";
  if (Array.isArray(value)) {
    for (const v of value) {
      const flaw = firstFlaw(v, undefined, depth + 1);
      if (flaw) return flaw;
    }
    return null;
  }
  for (const [key, v] of Object.entries(value)) {
    const flaw = flawOf(key, true) ?? (typeof v === "string" ? flawOf(v, key !== except, !SECRET.test(key)) : firstFlaw(v, undefined, depth + 1));
    if (flaw) return flaw;
  }
  return null;
}

const codePoint = (char: string) => `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;

/** Refuses a request whose input holds text that is not text, or (but in `except`'s text) what no report can hold. */
export function assertWellFormed(value: unknown, { except }: { except?: string | undefined } = {}): void {
  const flaw = firstFlaw(value, except);
  if (flaw === null) return;
  if (flaw === "deep")
    throw new AppError(
      ErrorCodes.BadInput,
      `请求的数据嵌套层次过深（超过 ${MAX_DEPTH} 层），服务器没有处理：请检查请求`,
      `the input is nested more than ${MAX_DEPTH} levels deep`,
    );
  if (flaw === "surrogate")
    throw new AppError(ErrorCodes.BadInput, "输入中含有无效的字符（不成对的 UTF-16 代理项）：请删去后重试", "the input holds a lone UTF-16 surrogate");
  throw new AppError(
    ErrorCodes.BadInput,
    `输入中含有不可见的控制字符（${codePoint(flaw.char)}${flaw.after.trim() ? `，在“${flaw.after}”之后` : ""}，多是从别处复制时带来的）：报表与文件不能容纳，请删去后重试`,
    `the input holds a control character (${codePoint(flaw.char)})`,
  );
}
