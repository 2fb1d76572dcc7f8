/**
 * A unit's place against last month's, in the one wording the ranking page, the month's XLSX and the bulletin share
 * (each said it in its own: 新 and 新列入, 不排名 and blank — a reader comparing the printed bulletin with the
 * spreadsheet asked whether they meant different things): ↑2 moved up two places, ↓1 down one, — the same place,
 * 不比较 not compared (a month without orders for the unit, this or last), 不排名 not ranked this month, 新列入 ranked
 * this month and not last.
 */
export function rankChangeWord(m: { rank: number | null; previousRank: number | null; rankChange: number | null; notCompared: string | null }): string {
  if (m.notCompared) return "不比较";
  if (m.rank === null) return "不排名";
  if (m.previousRank === null) return "新列入";
  const change = m.rankChange ?? m.previousRank - m.rank;
  if (change === 0) return "—";
  return change > 0 ? `↑${change}` : `↓${-change}`;
}
