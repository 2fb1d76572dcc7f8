/** The result shapes the result pages share, all taken from the router's outputs. */
import type { RouterOutputs } from "../../lib/trpc.ts";

/** A period's current publication, with its frozen result. */
export type Publication = NonNullable<RouterOutputs["publication"]["current"]>;
/** A period's results, live or frozen: what both have in common. */
export type PeriodResult = Publication["result"];
export type UnitResult = PeriodResult["units"][number];
export type UnitDetail = RouterOutputs["scores"]["unitDetail"];
export type ItemResult = UnitDetail["unit"]["items"][number];
/** What changed a unit's records of a published month since (imports, corrections). */
export type ChangeSincePublished = NonNullable<UnitDetail["changesSincePublished"]>[number];
export type MeasureEvidence = ItemResult["measures"][number];
export type AdjustmentResult = ItemResult["adjustments"][number];
type DrilldownPage = RouterOutputs["scores"]["drilldown"];
export type DrilldownRow = DrilldownPage["rows"][number];
export type OrderRow = Extract<DrilldownRow, { receivedAt: number }>;
export type EventRow = Extract<DrilldownRow, { type: string }>;
export type TrendPoint = RouterOutputs["scores"]["trend"]["points"][number];
