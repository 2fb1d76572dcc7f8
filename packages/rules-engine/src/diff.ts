/**
 * What changes between two rubric versions on the same data and period:
 * per unit, score and rank under each, the move, and per-item deltas.
 */
import type { AssessmentResult, PeriodWarning, UnitResult } from "./results.ts";

export interface ItemDelta {
  code: string;
  label: string | null;
  a: number | null;
  b: number | null;
  delta: number | null;
  /** an item one version has and the other does not (renamed, added, dropped): which has it */
  only?: "A" | "B";
}

export interface UnitDelta {
  unit: { code: string; name: string; category: string };
  group: string;
  scoreA: number | null;
  scoreB: number | null;
  delta: number | null;
  rankA: number | null;
  rankB: number | null;
  /** positive = moved up (rank number fell) */
  move: number | null;
  items: ItemDelta[];
  /** the version whose results do not have the unit at all (a quarter of B holds a month its unit's months leave out of A) */
  absentFrom?: "A" | "B";
  /** the vetoes (一票否决) that hold for the unit under each version, by label: one may have ranked it last */
  vetoesA: string[];
  vetoesB: string[];
  /** its band (等次) under each version, null where none */
  bandA: string | null;
  bandB: string | null;
}

/**
 * Is a unit's published score, rank or band not the same under both, or a veto holding under one only? (`delta` and
 * `move` are null where a side has none: a unit unranked under both has a null `move` and has not moved.) A veto
 * ranking last a unit last already changes no number, and is a difference all the same.
 */
export const unitDiffers = (u: Pick<UnitDelta, "scoreA" | "scoreB" | "rankA" | "rankB" | "bandA" | "bandB" | "vetoesA" | "vetoesB">): boolean =>
  u.scoreA !== u.scoreB || u.rankA !== u.rankB || u.bandA !== u.bandB || u.vetoesA.join("\u0000") !== u.vetoesB.join("\u0000");

export interface RubricDiff {
  period: string;
  /** the window compared, when not the period asked ("2023-Q1" for --month 2023-03 of a quarterly assessment) */
  window: string;
  a: { name: string; version: string };
  b: { name: string; version: string };
  units: UnitDelta[];
  /** each version's warnings about the period (units whose category it does not declare, no orders …) */
  warningsA: PeriodWarning[];
  warningsB: PeriodWarning[];
}

const sub = (x: number | null, y: number | null) => (x === null || y === null ? null : Math.round((y - x) * 1e6) / 1e6);

/** Compare two results of the same period (published values). */
export function diffResults(a: AssessmentResult, b: AssessmentResult): RubricDiff {
  const byCode = new Map<string, UnitResult>(b.units.map((u) => [u.unit.code, u]));
  const codes = [...new Set([...a.units.map((u) => u.unit.code), ...b.units.map((u) => u.unit.code)])];
  const aByCode = new Map<string, UnitResult>(a.units.map((u) => [u.unit.code, u]));
  const units = codes.map((code): UnitDelta => {
    const ua = aByCode.get(code);
    const ub = byCode.get(code);
    const unit = (ua ?? ub) as UnitResult;
    const itemCodes = [...new Set([...(ua?.items ?? []).map((i) => i.code), ...(ub?.items ?? []).map((i) => i.code)])];
    const items = itemCodes.map((c): ItemDelta => {
      const ia = ua?.items.find((i) => i.code === c);
      const ib = ub?.items.find((i) => i.code === c);
      return {
        code: c,
        label: (ib ?? ia)?.label ?? null,
        a: ia?.published ?? null,
        b: ib?.published ?? null,
        delta: sub(ia?.published ?? null, ib?.published ?? null),
        ...(ia && ib ? {} : { only: ia ? ("A" as const) : ("B" as const) }),
      };
    });
    const rankA = ua?.rank ?? null;
    const rankB = ub?.rank ?? null;
    return {
      unit: unit.unit,
      group: unit.group,
      scoreA: ua?.published ?? null,
      scoreB: ub?.published ?? null,
      delta: sub(ua?.published ?? null, ub?.published ?? null),
      rankA,
      rankB,
      move: rankA === null || rankB === null ? null : rankA - rankB,
      items,
      vetoesA: ua?.vetoes ?? [],
      vetoesB: ub?.vetoes ?? [],
      bandA: ua?.band ?? null,
      bandB: ub?.band ?? null,
      ...(ua ? (ub ? {} : { absentFrom: "B" as const }) : { absentFrom: "A" as const }),
    };
  });
  // the groups in the order the rankings give them (the rubric's `within groups` order, as kaohe score prints them;
  // by name they were 部门 before 属地), B's first, then any only A has
  const groupOrder = new Map<string, number>();
  for (const u of [...b.units, ...a.units]) if (!groupOrder.has(u.group)) groupOrder.set(u.group, groupOrder.size);
  const place = (group: string) => groupOrder.get(group) ?? groupOrder.size;
  units.sort((x, y) => place(x.group) - place(y.group) || (x.rankB ?? 1e9) - (y.rankB ?? 1e9) || x.unit.code.localeCompare(y.unit.code));
  return { period: a.period, window: a.window.label, a: a.rubric, b: b.rubric, units, warningsA: a.warnings, warningsB: b.warnings };
}
