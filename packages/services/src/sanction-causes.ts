/**
 * The figures that made a sanction apply (须书面说明), as every place that lists them says it: those that are not 0
 * (超期件数 6, not also 问题反弹件数 0); all of them when none is (a condition met otherwise). The console, the month's
 * report, the bulletin and the bell list the same; each had its own rule, and they disagreed.
 */
export function sanctionCauses<T extends { value: number | null }>(because: readonly T[]): readonly T[] {
  const hit = because.filter((b) => (b.value ?? 0) !== 0);
  return hit.length > 0 ? hit : because;
}
