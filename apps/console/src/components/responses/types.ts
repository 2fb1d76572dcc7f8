/** The shapes of the units' workflow (cycle, explanations, objections, corrections, inbox), taken from the router's outputs. */
import type { RouterOutputs } from "../../lib/trpc.ts";

export type Cycle = RouterOutputs["cycle"]["get"];
export type CycleStage = Cycle["stage"];
export type Duty = RouterOutputs["explanations"]["duties"]["duties"][number];
export type ExplanationState = Duty["state"];
export type Explanation = NonNullable<Duty["explanation"]>;
export type SanctionReason = Duty["reasons"][number];
export type AttachmentMeta = Explanation["attachments"][number];
export type Objection = RouterOutputs["objections"]["list"][number];
export type ObjectionStatus = Objection["status"];
export type ObjectionSubject = Objection["subject"];
export type Correction = Objection["corrections"][number];
export type ObjectionEffect = RouterOutputs["objections"]["effect"];
export type MovedUnit = ObjectionEffect["moved"][number];
export type InboxItem = RouterOutputs["inbox"]["summary"]["items"][number];
