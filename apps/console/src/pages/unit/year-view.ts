/** What a unit's page may offer of a year, for this user (pure: the page asks it, the tests too). */

export interface YearView {
  /** ask for the unit's year result: not for a unit user before the year is published (refused, audited) */
  ask: boolean;
  /** a unit user on a year not yet published: the calm 年度结果尚未发布, not an error */
  notPublished: boolean;
  /** offer a way back to the year page: only to whoever may open it */
  backToYear: boolean;
}

export function yearView(p: {
  yearly: boolean;
  role: string | undefined;
  /** may open the year page (/year) */
  canOpenYear: boolean;
  /** the period's publication: undefined while unread */
  publication: object | null | undefined;
}): YearView {
  if (!p.yearly) return { ask: true, notPublished: false, backToYear: false };
  if (p.role !== "unit") return { ask: true, notPublished: false, backToYear: p.canOpenYear };
  // a unit user sees a year once it is published (permissions.ts assertPeriodOpenToUnit): wait for the publication
  return { ask: Boolean(p.publication), notPublished: p.publication === null, backToYear: p.canOpenYear };
}
