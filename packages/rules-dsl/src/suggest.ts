/**
 * “Did you mean”: the declared name (or keyword) a misspelt one was probably
 * meant to be. Distances are counted in characters (a Chinese character is
 * one, whatever its UTF-16 length), a swap of two neighbours counts once
 * (`数工单` for `工单数`), and a Chinese name that shares most of its
 * characters with exactly one candidate (`超期工单数` for `超期件数`), or is
 * written whole within only one (`小时数` for `相差小时数`), is suggested too.
 */
import { type KeywordLanguage, spell } from "./tokens.ts";

/** Names longer than this are not guessed at. */
const LONGEST_GUESSED = 64;

/**
 * The work one parse may spend on guesses, in characters compared (a name looked at against a candidate costs one,
 * and the product of their lengths for each comparison of their characters). An ordinary file, even one full of
 * mistakes, spends well under a tenth of it; a text of a thousand unknown names, each compared with a thousand
 * declared ones, took minutes to check and held the server's thread (an adversary's review). Once it is spent, the
 * names after get no guess: their messages say only that the name is unknown.
 */
export const GUESSING_WORK_PER_PARSE = 3_000_000;

/** The work left for guesses in the parse under way (none under way: no limit), what it has spent, and what the last one spent. */
let workLeft = Number.POSITIVE_INFINITY;
let workSpent = 0;
let lastSpent = 0;

/** Runs one parse with its own allowance of guessing work (`GUESSING_WORK_PER_PARSE`). */
export function withGuessingAllowance<T>(run: () => T): T {
  const [outerLeft, outerSpent] = [workLeft, workSpent];
  workLeft = GUESSING_WORK_PER_PARSE;
  workSpent = 0;
  try {
    return run();
  } finally {
    lastSpent = workSpent;
    workLeft = outerLeft;
    workSpent = outerSpent;
  }
}

/** The guessing work the last parse spent (for the tests and the bench). */
export function guessingWorkOfLastParse(): number {
  return lastSpent;
}

/** Takes `n` from the allowance: false when it is spent (the guess under way is given up, not made from part of the names). */
function spend(n: number): boolean {
  if (workLeft < n) {
    workLeft = 0;
    return false;
  }
  workLeft -= n;
  workSpent += n;
  return true;
}

/** `（是否想写 X？）` for the closest candidate, or "" when none is close enough. */
export function suggest(name: string, candidates: Iterable<string>): string {
  return guessed(closest(name, candidates))[0];
}

/** The English line's counterpart: ` (did you mean X?)`, or "". */
export function suggestEn(name: string, candidates: Iterable<string>): string {
  return guessed(closest(name, candidates))[1];
}

/** `（是否想写 X？）` and ` (did you mean 'X'?)` for a guess already made, or two empty strings for none. */
export function guessed(best: string | undefined): [string, string] {
  return best === undefined ? ["", ""] : [`（是否想写 ${best}？）`, ` (did you mean '${best}'?)`];
}

/** The candidate a misspelling of `name` most probably meant, if any is close enough. */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  const a = [...name];
  // one character is too little to guess from (乡 is not a misspelt 镇); a name longer than any a person types is no
  // misspelling either, and comparing it with every name, character by character, took seconds (a 100,000-character
  // word pasted into the editor held the server's thread)
  if (a.length < 2 || a.length > LONGEST_GUESSED || workLeft === 0) return undefined;
  const allowed = Math.max(1, Math.floor(a.length / 3));
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  let bestPrefix = -1;
  const unique = [...new Set(candidates)].filter((c) => c !== name && c.length > 0);
  if (!spend(unique.length)) return undefined;
  for (const c of unique) {
    // lengths further apart than the distance allowed: too far, whatever the characters (told from the UTF-16 length
    // first, without splitting the name into characters: a character is one or two of its units)
    if (c.length < a.length - allowed || c.length > 2 * (a.length + allowed)) continue;
    const b = [...c];
    if (Math.abs(b.length - a.length) > allowed) continue;
    if (!spend(a.length * b.length)) return undefined;
    // prefer the closest name; among equals, one of the same length (a typo, not a missing character) — unless one is
    // the other with characters added at its end (按年度 for 按年: a word lengthened, not 按季度 with one changed)
    const prefix = commonPrefix(a, b);
    const lengthened = prefix === Math.min(a.length, b.length);
    const d = editDistance(a, b) + (b.length === a.length || lengthened ? 0 : 0.5);
    // among equals, the one that begins as the name does
    if (d < bestDistance || (d === bestDistance && prefix > bestPrefix)) {
      bestDistance = d;
      bestPrefix = prefix;
      best = c;
    }
  }
  if (best !== undefined && bestDistance <= allowed) return best;
  if (!isChinese(name) || a.length < 2) return undefined;
  // the three tests below compare the name with every candidate once more: at most its length by theirs each
  let lengths = 0;
  for (const c of unique) lengths += c.length;
  if (!spend(3 * a.length * lengths)) return undefined;
  // Chinese: a name sharing at least two thirds of its characters (in either direction) with only one candidate
  const sharing = unique.filter((c) => {
    const shared = sharedCharacters(a, [...c]);
    return shared >= 2 && shared * 3 >= Math.max(a.length, [...c].length) * 2;
  });
  if (sharing.length === 1) return sharing[0];
  // or sharing a run of three characters or more, at least half the name, with only one (不作为事件 for 行政不作为)
  const run = Math.max(3, Math.ceil(a.length / 2));
  const running = unique.filter((c) => longestCommonRun(a, [...c]) >= run);
  if (running.length === 1) return running[0];
  // or written whole within only one candidate (小时数 for 相差小时数, hours: a helper was given every function's name)
  const within = unique.filter((c) => c.includes(name));
  return within.length === 1 ? within[0] : undefined;
}

/** The length of the longest run of characters `a` and `b` have in common. */
function longestCommonRun(a: readonly string[], b: readonly string[]): number {
  let best = 0;
  let row = new Array<number>(b.length + 1).fill(0);
  for (const x of a) {
    const next = new Array<number>(b.length + 1).fill(0);
    for (let j = 0; j < b.length; j++) {
      if (x !== b[j]) continue;
      next[j + 1] = (row[j] as number) + 1;
      best = Math.max(best, next[j + 1] as number);
    }
    row = next;
  }
  return best;
}

/** How many characters `a` and `b` begin with alike. */
function commonPrefix(a: readonly string[], b: readonly string[]): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

function isChinese(s: string): boolean {
  return /\p{Script=Han}/u.test(s);
}

/** How many characters of `a` can be matched to a character of `b` (a multiset intersection). */
function sharedCharacters(a: string[], b: string[]): number {
  const left = new Map<string, number>();
  for (const ch of b) left.set(ch, (left.get(ch) ?? 0) + 1);
  let n = 0;
  for (const ch of a) {
    const k = left.get(ch) ?? 0;
    if (k > 0) {
      n++;
      left.set(ch, k - 1);
    }
  }
  return n;
}

/**
 * Edit distance over characters, a transposition of neighbours counting as one edit (optimal string alignment), kept
 * in three rows (the one before the last, for a transposition) rather than a table allocated for each pair.
 */
function editDistance(x: readonly string[], y: readonly string[]): number {
  let before = new Array<number>(y.length + 1).fill(0);
  let up = Array.from({ length: y.length + 1 }, (_, j) => j);
  let row = new Array<number>(y.length + 1).fill(0);
  for (let i = 1; i <= x.length; i++) {
    row[0] = i;
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      let d = Math.min((up[j] as number) + 1, (row[j - 1] as number) + 1, (up[j - 1] as number) + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) d = Math.min(d, (before[j - 2] as number) + 1);
      row[j] = d;
    }
    [before, up, row] = [up, row, before];
  }
  return up[y.length] as number;
}

const DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/**
 * 五 → 5, 二十 → 20, 十五 → 15, 一百零五 → 105, 一百五 → 150, 两千五 → 2500, 一千零十 → 1010 (a number below 10,000
 * in Chinese numerals), or null (五五, 五十二百, 百 alone).
 */
function chineseInteger(word: string): number | null {
  const chars = [...word];
  let total = 0;
  let digit: number | null = null;
  // the unit last written (a larger one after it is no number), and whether 零 stood since
  let unit = Number.POSITIVE_INFINITY;
  let zero = false;
  for (const [i, ch] of chars.entries()) {
    if (ch in DIGITS) {
      const d = DIGITS[ch] as number;
      if (d === 0) {
        if (digit !== null) return null;
        zero = true;
        continue;
      }
      if (digit !== null) return null; // 五五
      digit = d;
    } else if (ch in UNITS) {
      const u = UNITS[ch] as number;
      if (u >= unit) return null; // 五十二百
      // 十 alone is one ten (十五, 一千零十); 百 and 千 want their digit
      if (digit === null && (u !== 10 || (i > 0 && !zero))) return null;
      total += (digit ?? 1) * u;
      digit = null;
      unit = u;
      zero = false;
    } else return null;
  }
  if (digit !== null) {
    // 一百五, 两千五: a last digit right after 百 or 千 counts in the unit below it
    total += !zero && unit >= 100 && Number.isFinite(unit) ? digit * (unit / 10) : digit;
  }
  return chars.length === 0 ? null : total;
}

/**
 * A number written in Chinese numerals as a regulation writes it, and how the language writes it: 五 → 5, 二十 → 20,
 * 百分之六十 → 60%, 零点五 → 0.5 (with a trailing 分, 件 or 次 kept apart: 五分 → 5 分); null for any other word.
 */
export function chineseNumeral(word: string): string | null {
  const m = /^(百分之)?([零〇一二两三四五六七八九十百千]+)(?:点([零〇一二三四五六七八九]+))?(分|件|次|个|项)?$/u.exec(word);
  // 十分 is “very” as often as ten points
  if (!m || word === "十分") return null;
  const whole = chineseInteger(m[2] as string);
  if (whole === null) return null;
  const fraction = m[3] ? `.${[...m[3]].map((c) => DIGITS[c]).join("")}` : "";
  const number = `${whole}${fraction}`;
  if (m[1]) return m[4] ? null : `${number}%`;
  return m[4] ? `${number} ${m[4]}` : number;
}

/**
 * The measure counting an event type's events, in the file's keywords, as messages say to write it (an event type is
 * no number: `若 行政不作为次数 > 0` needs `指标 行政不作为次数 = 求和 本期事件 的 次数 其中 事件类型 = 行政不作为`).
 */
export function eventCountDeclaration(type: string, measure: string, population: string, language: KeywordLanguage): string {
  const w = (en: string) => spell(en, language);
  return `${w("measure")} ${measure} = ${w("sum")} ${population} ${w("of")} 次数 ${w("where")} 事件类型 = ${type}`;
}
