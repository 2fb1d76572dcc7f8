/** The version a copy of a rubric is offered: its draft's, or the year it will be in force from. */

/** The version string of a copy: "<version>-草稿<n>", the first n no version of that name has yet. */
export function draftVersionName(name: string, version: string, existing: readonly { name: string; version: string }[]): string {
  const base = version.replace(/-草稿\d+$/, "");
  const taken = new Set(existing.filter((v) => v.name === name).map((v) => v.version));
  for (let n = 1; ; n++) {
    const candidate = `${base}-草稿${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/**
 * The version a copy starting in `from` ("2019-01") is offered: a version named by its year (2017) is copied as the
 * year it starts in (2019), which is what a policy office types (a walk: 2017-草稿1 was offered); else, or when that
 * year is taken, the draft's name (`draftVersionName`).
 */
export function copyVersionName(name: string, version: string, from: string, existing: readonly { name: string; version: string }[]): string {
  const year = from.slice(0, 4);
  const byYear = /^(19|20)\d\d$/.test(version) && year !== version;
  if (byYear && !existing.some((v) => v.name === name && v.version === year)) return year;
  return draftVersionName(name, version, existing);
}
