/**
 * An event's 分值 as the records behind a count and the objection form's list show it: what one occurrence costs, the
 * rubric's fixed points for its type where it fixes them (the form showed "—" for a type of fixed points: a walk).
 */
import { Tooltip } from "antd";
import type { EventRow } from "./types.ts";

/**
 * An event's points per occurrence: the type's points as the rubric fixes them, else (`points recorded`) the
 * record's own 分值; "—" only when a recorded type's record has none (it counts 0).
 */
function eventPoints(e: Pick<EventRow, "points" | "typePoints">): { value: number | null; source: "type" | "record" | "none" } {
  if (e.typePoints !== null) return { value: e.typePoints, source: "type" };
  if (e.points !== null) return { value: e.points, source: "record" };
  return { value: null, source: "none" };
}

export function EventPoints({ event }: { event: EventRow }) {
  const { value, source } = eventPoints(event);
  const title =
    source === "type" ? `规则规定：${event.type}每次 ${value} 分` : source === "record" ? "按该条记录填写的分值（酌情计分）" : "记录未填分值，按 0 分计";
  return (
    <Tooltip title={title}>
      <span data-testid={`event-points-${event.id}`}>{value ?? "—"}</span>
    </Tooltip>
  );
}
