/** The units of categories the rubric in force does not declare: scored now, they are in no ranking (month and year pages). */
import { Alert } from "antd";
import { useAuth } from "../../lib/auth.tsx";
import type { PeriodResultState } from "./use-period-result.ts";

export function UnassessedNotice({ unassessed, period }: { unassessed: PeriodResultState["unassessed"]; period: "本月" | "本年度" }) {
  const { can } = useAuth();
  // where to put it right: the units' list (数据) for whoever imports, the rubric for whoever edits it; no one else is sent
  const fixes = [can("data.import") && "在“数据”页改正单位名单中的类别", can("rubrics.edit") && "在规则中声明这一类别"].filter(Boolean);
  if (unassessed.length === 0) return null;
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginTop: 12 }}
      title={`${unassessed.reduce((n, c) => n + c.count, 0)} 个单位不在任何排名中：类别${unassessed.map((c) => `“${c.category}”`).join("、")}在${period}施行的规则中未定义`}
      description={
        <>
          {unassessed.map((c) => (
            <div key={c.category}>
              {c.category}：{c.names.join("、")}
              {c.count > c.names.length ? ` 等 ${c.count} 个单位` : ""}
            </div>
          ))}
          <div>这些单位不参加考核。{fixes.length > 0 && `如有误，请${fixes.join("，或")}。`}</div>
        </>
      }
      data-testid="unassessed-notice"
    />
  );
}

/** What `JoiningLeavingNotice` says: a month's units first assessed in it and those gone from it; a year's, those of some months. */
export function joiningLeavingLines(units: PeriodResultState["joiningLeaving"], period: "本月" | "本年度"): string[] {
  const names = (us: typeof units) => us.map((u) => u.name).join("、");
  const joining = units.filter((u) => u.change === "joins");
  const leaving = units.filter((u) => u.change === "leaves");
  if (period === "本月")
    return [
      ...(joining.length > 0 ? [`本月起参加考核：${names(joining)}`] : []),
      ...(leaving.length > 0 ? [`本月起不再参加考核，不在本月排名中：${leaving.map((u) => `${u.name}（截止月份 ${u.untilMonth}）`).join("、")}`] : []),
    ];
  const months = (u: (typeof units)[number]) => [u.fromMonth && `${u.fromMonth} 起`, u.untilMonth && `至 ${u.untilMonth}`].filter(Boolean).join("，");
  return [`年内只有部分月份参加考核，年度成绩按其参加考核各月的平均计算：${units.map((u) => `${u.name}（${months(u)}）`).join("、")}`];
}

/**
 * Units whose months of assessment begin or end with the period (units file's 起始月份, 截止月份): why one is new to a
 * month's ranking or gone from it, and why a year averages fewer months for it.
 */
export function JoiningLeavingNotice({ units, period }: { units: PeriodResultState["joiningLeaving"]; period: "本月" | "本年度" }) {
  if (units.length === 0) return null;
  return (
    <Alert
      type="info"
      showIcon
      style={{ marginTop: 12 }}
      title={joiningLeavingLines(units, period).map((l) => <div key={l}>{l}</div>)}
      description="按单位名单的起始月份、截止月份（在“数据”页导入单位文件时填写）。"
      data-testid="joining-leaving-notice"
    />
  );
}

/** A period scored now that received no order, or whose rubric counts an orders population no order meets: said above the table. */
export function PeriodWarningsNotice({ warnings }: { warnings: PeriodResultState["warnings"] }) {
  return warnings.map((w) => <Alert key={w.zh} type="warning" showIcon style={{ marginTop: 12 }} title={w.zh} data-testid="period-warning" />);
}
