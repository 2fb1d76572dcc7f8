/**
 * Does a sanction ask for a written explanation (办法五)? One whose name speaks of one (the shipped rubric's is
 * `书面说明`); another sanction (约谈, 通报) is listed as the rubric says it, and owes no explanation. Read alike by the
 * server (who owes one) and the console (the ranking's 需书面说明, which counted every sanction: another city's walk).
 */
export const asksForExplanation = (sanction: { name: string }) => sanction.name.includes("说明");

/**
 * The figures that made a sanction apply (须书面说明), as every place that lists them says it: those that are not 0
 * (超期件数 6, not also 问题反弹件数 0); all of them when none is (a condition met otherwise). The console, the month's
 * report, the bulletin and the bell list the same; each had its own rule, and they disagreed.
 */
export function sanctionCauses<T extends { value: number | null }>(because: readonly T[]): readonly T[] {
  const hit = because.filter((b) => (b.value ?? 0) !== 0);
  return hit.length > 0 ? hit : because;
}

/** A figure a sanction's condition read, as every list says it: "超期件数 6" (— when it has no value). */
export const causeText = (b: { measure: string; label: string | null; value: number | null }): string => `${b.label ?? b.measure} ${b.value ?? "—"}`;

/** A sanction that applies to a unit, with the figures its condition read (results.ts, `sanctions`). */
interface Applied<T> {
  name: string;
  label: string | null;
  because: readonly T[];
}

/**
 * Why a unit owes what sanctions say, as short texts ("超期件数 6"): each sanction's figures (`sanctionCauses`); a
 * sanction whose condition reads no figure (等次 = 不合格, 名次, 得分) by the rubric's own words for it (its label, else
 * its name): such a one was listed as "等次不合格的，书面说明原因：" with nothing after, and with nothing at all in the
 * bell and the bulletin (another district's walk).
 */
export function sanctionReasonTexts<T extends { measure: string; label: string | null; value: number | null }>(sanctions: readonly Applied<T>[]): string[] {
  return sanctions.flatMap((s) => {
    const causes = sanctionCauses(s.because);
    return causes.length > 0 ? causes.map(causeText) : [s.label ?? s.name];
  });
}
