/** Which measures the record picker offers: those behind the sanctions, then those of the items that lost points, small counts first. */
import { adjustmentMeasure, describeAdjustment } from "../../components/results/helpers.ts";
import type { UnitDetail } from "../../components/results/types.ts";
import type { PickerMeasure } from "./record-picker.tsx";

/** A sanction's measure has no record kind of its own: its label tells events ("…事件") from orders. */
const looksLikeEvents = (label: string) => label.includes("事件");

export function pickerMeasures(detail: UnitDetail | undefined, record: "orders" | "events"): PickerMeasure[] {
  if (!detail) return [];
  const u = detail.unit;
  const out = new Map<string, PickerMeasure>();
  for (const s of u.sanctions)
    for (const b of s.because) {
      const label = b.label ?? b.measure;
      if ((b.value ?? 0) > 0 && looksLikeEvents(label) === (record === "events")) out.set(b.measure, { measure: b.measure, label, value: b.value });
    }
  const rest: (PickerMeasure & { lost: boolean })[] = [];
  for (const item of u.items) {
    const lost = !item.bonus && item.published !== null && item.published < item.max;
    for (const m of item.measures)
      if (m.record === record && m.records.length > 0) rest.push({ measure: m.name, label: m.label ?? m.name, value: m.value, lost });
    if (record === "events")
      for (const a of item.adjustments) {
        const measure = adjustmentMeasure(a, item);
        if (measure?.startsWith("#") && (a.count ?? 0) > 0) rest.push({ measure, label: describeAdjustment(a).subject, value: a.count, lost: true });
      }
  }
  // the items that lost points first, small counts (the deductions) before large ones (承办量)
  rest.sort((a, b) => Number(b.lost) - Number(a.lost) || (a.value ?? 0) - (b.value ?? 0));
  for (const { lost: _, ...m } of rest) if (!out.has(m.measure)) out.set(m.measure, m);
  return [...out.values()];
}
