/** What a unit's page may offer of a year, for this user (pure: the page asks it, the tests too). */

export interface YearView {
  /** ask for the unit's year result: not for a unit user before the year is opened to the units (refused, audited) */
  ask: boolean;
  /** a unit user on a year not yet opened to the units: the calm 年度结果尚未开放, not an error */
  notOpen: boolean;
  /** offer a way back to the year page: only to whoever may open it (a unit user: once the year is published, its category's ranking) */
  backToYear: boolean;
}

export function yearView(p: {
  yearly: boolean;
  role: string | undefined;
  /** may open the year page (/year) */
  canOpenYear: boolean;
  /** the year's stage (closed, preview, notice, published): undefined while unread */
  stage: string | undefined;
}): YearView {
  if (!p.yearly) return { ask: true, notOpen: false, backToYear: false };
  if (p.role !== "unit") return { ask: true, notOpen: false, backToYear: p.canOpenYear };
  // a unit user sees a year once it is opened to the units or published (permissions.ts assertPeriodOpenToUnit): wait
  // for its stage; the year page shows them their category's ranking once published (as a month's ranking), not before
  return {
    ask: p.stage !== undefined && p.stage !== "closed",
    notOpen: p.stage === "closed",
    backToYear: p.canOpenYear && p.stage === "published",
  };
}
