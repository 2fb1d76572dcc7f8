/**
 * What a unit-level evaluation read (measures, rates, values, items, in order) and why its value is what it is:
 * the reasons (a rate's zero denominator) and warnings (a missing fact) an item's result reports.
 */

/** What an evaluation read (names, in order) and why a value is what it is (reasons, warnings: rare, so made when first needed). */
export class Trace {
  readonly names = new Set<string>();
  reasons: Set<string> | null = null;
  warnings: Set<string> | null = null;

  reason(r: string): void {
    this.reasons ??= new Set();
    this.reasons.add(r);
  }

  warn(w: string): void {
    this.warnings ??= new Set();
    this.warnings.add(w);
  }

  /** Add what another evaluation traced, in its order. */
  absorb(traced: Trace): void {
    for (const n of traced.names) this.names.add(n);
    if (traced.reasons) for (const r of traced.reasons) this.reason(r);
    if (traced.warnings) for (const w of traced.warnings) this.warn(w);
  }
}
export const newTrace = (): Trace => new Trace();
