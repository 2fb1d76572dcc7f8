import { columnKey, normalizeHeader } from "../schema.ts";
import type { Unit } from "../types.ts";
import type { UnitResolver } from "./read-records.ts";
import { simplifiedChinese } from "./simplified-chinese.ts";

/**
 * Resolves a unit reference as the center's files write it, the unit's code
 * or its name, to the code. A code wins over a name. Spaces around the
 * reference and full-width/half-width differences do not matter; nor, where it
 * leaves one unit, do spaces inside it (唐　山　镇, padded to align a column)
 * and the case of a code's letters (htz01).
 * `formerNames`: names units had before they were renamed (by their codes), oldest first; a reference that is one of
 * them and no unit's now is not resolved, but the problem names the unit it was (`formerly`).
 */
/** The columns of a units file that give other names a unit goes by (县环保局 for 县环境保护局), several in a cell. */
const UNIT_ALIAS_COLUMNS = ["别名", "简称"] as const;

/** What separates the names of a 别名 cell (县环保局、环保局), and the units a platform lists for an order handled jointly. */
const ALIAS_SEPARATORS = /[、,，;；/|\n]+/;

/** A unit's other names, with the column each is written in, from its units file's 别名 or 简称 column (kept among its attributes). */
export function unitAliasNames(unit: Partial<Pick<Unit, "attributes">>): { column: (typeof UNIT_ALIAS_COLUMNS)[number]; alias: string }[] {
  return UNIT_ALIAS_COLUMNS.flatMap((column) => {
    const cell = unit.attributes?.[column];
    if (typeof cell !== "string") return [];
    return cell
      .split(ALIAS_SEPARATORS)
      .map((a) => a.trim())
      .filter(Boolean)
      .map((alias) => ({ column, alias }));
  });
}

/** A unit's other names, from its units file's 别名 or 简称 column (kept among its attributes): 县环保局、环保局. */
function unitAliases(unit: Partial<Pick<Unit, "attributes">>): string[] {
  return unitAliasNames(unit).map((a) => a.alias);
}

/**
 * The units whose 别名 or 简称 column gives `text` (as written: full-width and half-width alike, spaces around it aside).
 * More than one: the resolver stands for none of them, and whoever asked is told to give a code.
 */
export function unitsGivingAlias<U extends Partial<Pick<Unit, "attributes">>>(units: readonly U[], text: string): U[] {
  const asWritten = normalizeHeader(text);
  return units.filter((u) => unitAliases(u).some((a) => normalizeHeader(a) === asWritten));
}

/** Does a units file have a column of other names (别名, 简称), by its extra columns' names? */
export const hasUnitAliasColumn = (attributes: Iterable<string>): boolean => [...attributes].some((a) => (UNIT_ALIAS_COLUMNS as readonly string[]).includes(a));

export function createUnitResolver(
  units: Iterable<Pick<Unit, "code" | "name"> & Partial<Pick<Unit, "attributes">>>,
  formerNames: Iterable<{ code: string; name: string }> = [],
): UnitResolver {
  const list = [...units];
  const byCode = new Map<string, string>();
  const byName = new Map<string, string>();
  for (const unit of list) {
    if (unit.code === "") continue;
    byCode.set(unit.code, unit.code);
    byCode.set(normalizeHeader(unit.code), unit.code);
    if (unit.name === "") continue;
    byName.set(unit.name, unit.code);
    byName.set(normalizeHeader(unit.name), unit.code);
  }
  // the other names the units file gives (别名, 简称): those that are no unit's code or name, and stand for one unit
  // (a platform's export writes 县环保局 for 县环境保护局 every month: it was edited by hand, a data review)
  const aliases = new Map<string, string | null>();
  for (const unit of list) {
    if (unit.code === "") continue;
    for (const alias of unitAliases(unit)) {
      const key = normalizeHeader(alias);
      if (byCode.has(key) || byName.has(key)) continue;
      const known = aliases.get(key);
      aliases.set(key, known === undefined || known === unit.code ? unit.code : null);
    }
  }
  // without any space, and a code without case: only the keys that stand for one unit (null: more than one)
  const loose = new Map<string, string | null>();
  const addLoose = (key: string, code: string) => {
    if (key === "") return;
    const known = loose.get(key);
    loose.set(key, known === undefined || known === code ? code : null);
  };
  for (const unit of list) {
    if (unit.code === "") continue;
    addLoose(columnKey(unit.code).toLowerCase(), unit.code);
    if (unit.name !== "") addLoose(columnKey(unit.name), unit.code);
  }
  const resolve: UnitResolver = (reference) => {
    const direct = byCode.get(reference) ?? byName.get(reference);
    if (direct !== undefined) return direct;
    const normalized = normalizeHeader(reference);
    const found = byCode.get(normalized) ?? byName.get(normalized) ?? aliases.get(normalized);
    if (found) return found;
    const key = columnKey(reference);
    return (loose.get(key) ?? loose.get(key.toLowerCase())) || undefined;
  };
  // a reference that is a unit's name with more after it (唐山镇人民政府) or less (唐山): that unit, when it is one. Asked
  // of every row naming no unit (a file read before its units file: a million of them), so each reference is answered
  // once, and the names' keys are made once
  const nameKeys = list.flatMap((u) => {
    const key = simplifiedChinese(columnKey(u.name));
    return key.length >= 2 ? [{ key, unit: { code: u.code, name: u.name } }] : [];
  });
  const suggested = new Map<string, { code: string; name: string } | undefined>();
  resolve.resembling = (reference) => {
    if (suggested.has(reference)) return suggested.get(reference);
    // in simplified characters, as are the names' keys: 唐山鎮 is 唐山镇, 縣環保局 县环境保护局 abbreviated
    const key = simplifiedChinese(columnKey(reference));
    let unit: { code: string; name: string } | undefined;
    if (key.length >= 2) {
      // the longest name the reference begins with, else the one unit whose name begins with it, else the longest name
      // it ends with, with a place before it as a city's platform writes one (桓台县唐山镇, 淄博市桓台县教育局)
      const within = nameKeys.filter((n) => key.startsWith(n.key)).sort((a, b) => b.key.length - a.key.length);
      const beyond = nameKeys.filter((n) => n.key.startsWith(key));
      const placed = nameKeys
        .filter((n) => key.length > n.key.length && key.endsWith(n.key) && /[省市县区旗]$/.test(key.slice(0, key.length - n.key.length)))
        .sort((a, b) => b.key.length - a.key.length);
      unit = within[0]?.unit ?? (beyond.length === 1 ? beyond[0]?.unit : placed[0]?.unit);
      // an abbreviation: the reference's characters in order within one unit's name, ending as it ends
      // (县环保局 of 县环境保护局, 县城管局 of 县城市管理行政执法局: no suggestion was made, a data review)
      if (!unit && [...key].length >= 3) {
        const abbreviating = nameKeys.filter((n) => n.key.length > key.length && abbreviates(key, n.key));
        if (abbreviating.length === 1) unit = abbreviating[0]?.unit;
      }
    }
    if (suggested.size < 10_000) suggested.set(reference, unit);
    return unit;
  };
  // a list of units (唐山镇、果里镇: an order handled jointly, as a platform writes its 主办 and 协办): the units, when it
  // names two or more; it was told to be made 唐山镇's alias, which the separator splits — and it is not 唐山镇's alone
  resolve.listed = (reference) => {
    const parts = reference.split(ALIAS_SEPARATORS).filter((p) => p.trim() !== "");
    if (parts.length < 2) return [];
    const found = new Map<string, { code: string; name: string }>();
    for (const part of parts) {
      const code = resolve(part);
      const unit = code !== undefined ? { code, name: nameNow.get(code) ?? code } : resolve.resembling?.(part);
      if (unit) found.set(unit.code, unit);
    }
    return found.size >= 2 ? [...found.values()] : [];
  };
  // a name that can be made a unit's alias: one name (no separator), and no unit's code, name or alias already
  resolve.aliasable = (reference) => {
    if (ALIAS_SEPARATORS.test(reference)) return false;
    const normalized = normalizeHeader(reference);
    const key = columnKey(reference);
    return !byCode.has(normalized) && !byName.has(normalized) && !aliases.has(normalized) && !loose.has(key) && !loose.has(key.toLowerCase());
  };
  const nameNow = new Map<string, string>();
  for (const unit of list) nameNow.set(unit.code, unit.name);
  // the latest unit that had the name, when it still exists (a unit since removed is no help)
  const former = new Map<string, { code: string; name: string }>();
  for (const f of formerNames) {
    const now = nameNow.get(f.code);
    if (now !== undefined) former.set(normalizeHeader(f.name), { code: f.code, name: now });
  }
  resolve.none = list.length === 0;
  resolve.formerly = (reference) => (resolve(reference) === undefined ? former.get(normalizeHeader(reference)) : undefined);
  resolve.withLeadingZeros = (reference) => {
    const digits = normalizeHeader(reference);
    return DIGITS.test(digits) ? (byDigits.get(digits.replace(LEADING_ZEROS, "")) ?? []) : [];
  };
  resolve.withoutLeadingZeros = (reference) => {
    const digits = normalizeHeader(reference);
    if (!DIGITS.test(digits) || !digits.startsWith("0")) return undefined;
    const stripped = digits.replace(LEADING_ZEROS, "");
    return byCode.has(stripped) ? stripped : undefined;
  };
  // the codes of digits that begin with 0 (001, 0100), by their digits without those zeros: what Excel reads them as
  const byDigits = new Map<string, string[]>();
  for (const code of new Set(byCode.values())) {
    const digits = normalizeHeader(code);
    if (!DIGITS.test(digits) || !digits.startsWith("0")) continue;
    const stripped = digits.replace(LEADING_ZEROS, "");
    const codes = byDigits.get(stripped);
    if (codes) codes.push(code);
    else byDigits.set(stripped, [code]);
  }
  return resolve;
}

/**
 * Is `short` `long` abbreviated: the same last character (局, 镇), the others in order within it, from anywhere
 * (县城乡建设局 and 住建局 of 县住房和城乡建设局: a walk found no hint for the second)? Only a hint, of one unit only.
 */
function abbreviates(short: string, long: string): boolean {
  const a = [...short];
  const b = [...long];
  if (a.at(-1) !== b.at(-1)) return false;
  let at = 0;
  for (const ch of a.slice(0, -1)) {
    while (at < b.length - 1 && b[at] !== ch) at++;
    if (at >= b.length - 1) return false;
    at++;
  }
  return true;
}

const DIGITS = /^\d+$/;
/** the zeros Excel drops (all but the last digit: 000 is read as 0) */
const LEADING_ZEROS = /^0+(?=\d)/;
