/** The months a unit is assessed in (the units file's 起始月份 and 截止月份), in words and against a period. */
import type { Unit } from "./types.ts";

type Months = Pick<Unit, "fromMonth" | "untilMonth">;

/** The months a unit is assessed in, in words ("2019-03 起参加考核"); null when it is assessed every month. */
export function assessedMonthsText(u: Months): string | null {
  if (u.fromMonth && u.untilMonth) return `${u.fromMonth} 至 ${u.untilMonth} 参加考核`;
  if (u.fromMonth) return `${u.fromMonth} 起参加考核`;
  if (u.untilMonth) return `参加考核至 ${u.untilMonth}`;
  return null;
}

/** Is the unit assessed in none of the months from `first` to `last` ("2019-01" … "2019-03")? */
export function outsideMonths(u: Months, first: string, last: string): boolean {
  return Boolean((u.fromMonth && u.fromMonth > last) || (u.untilMonth && u.untilMonth < first));
}

/** Is the unit assessed in no month of the period (a month "2019-03", or a year "2019")? */
export function outsideAssessedMonths(u: Months, period: string): boolean {
  return period.length === 4 ? outsideMonths(u, `${period}-01`, `${period}-12`) : outsideMonths(u, period, period);
}

/**
 * The unit's months in words when they leave out some months of the year (set up or abolished within it: its year
 * is the mean of its own months); null when it is assessed in every month of the year, or in none.
 */
export function partOfYearText(u: Months, year: string): string | null {
  const cut = Boolean((u.fromMonth && u.fromMonth > `${year}-01`) || (u.untilMonth && u.untilMonth < `${year}-12`));
  return cut && !outsideAssessedMonths(u, year) ? assessedMonthsText(u) : null;
}
