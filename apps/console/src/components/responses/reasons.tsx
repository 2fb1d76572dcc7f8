/** Why a unit owes a written explanation: the sanction and the measures behind it, each leading to its records. */
import { sanctionCauses, sanctionReasonTexts } from "@kaohe/services/sanction-causes";
import { Alert, Typography } from "antd";
import { Link } from "react-router";
import type { SanctionReason } from "./types.ts";
import { changedSince } from "./workflow.ts";
import "./responses.css";
import { useCenterName } from "../center-name.tsx";

/** The unit page with the drill-down of one measure open. */
const drilldownPath = (unitCode: string, period: string, measure: string) =>
  `/units/${encodeURIComponent(unitCode)}?period=${encodeURIComponent(period)}&measure=${encodeURIComponent(measure)}`;

/** One line per sanction, its measures listed with their values, each a link to the records. */
export function DutyReasons({
  reasons,
  unitCode,
  period,
  links = true,
}: {
  reasons: readonly SanctionReason[];
  unitCode: string;
  period: string;
  links?: boolean;
}) {
  return (
    <div data-testid="duty-reasons">
      {reasons.map((r) => (
        <div key={r.name}>
          <Typography.Text strong>{r.label ?? r.name}</Typography.Text>
          <ul className="kh-because">
            {sanctionCauses(r.because).map((b) => (
              <li key={b.measure}>
                {links && (b.value ?? 0) > 0 ? (
                  <Link to={drilldownPath(unitCode, period, b.measure)} data-testid={`because-${b.measure}`}>
                    {b.label ?? b.measure} {b.value}
                  </Link>
                ) : (
                  <span>
                    {b.label ?? b.measure} {b.value ?? "—"}
                  </span>
                )}
              </li>
            ))}
          </ul>
        </div>
      ))}
    </div>
  );
}

/** The same in one line, for a table cell: "超期件数 4、问题反弹件数 1". */
export function reasonsText(reasons: readonly SanctionReason[]): string {
  return sanctionReasonTexts(reasons).join("、");
}

/**
 * Said beside an explanation written before the data behind it was corrected (nothing when it was not): to the unit,
 * that it may still revise it (`editable`: not yet acknowledged); to the center, that its numbers may be the old ones.
 */
export function ChangedSinceNotice({
  then,
  now,
  viewer,
  editable = false,
}: {
  then: readonly SanctionReason[];
  now: readonly SanctionReason[];
  viewer: "unit" | "center";
  editable?: boolean;
}) {
  const center = useCenterName();
  const changed = changedSince(then, now);
  if (changed.length === 0) return null;
  const description =
    viewer === "center"
      ? "说明写于更正之前，其中的数字可能与更正后的数据不符。"
      : editable
        ? `说明中与更正后的数据不符之处，可在${center}阅知前修改。`
        : "说明写于更正之前。";
  return (
    <Alert
      type="warning"
      showIcon
      title={`${viewer === "unit" ? "说明提交后" : "单位提交说明后"}，数据已经更正：${changed.join("、")}`}
      description={description}
      data-testid="explanation-changed-since"
    />
  );
}
