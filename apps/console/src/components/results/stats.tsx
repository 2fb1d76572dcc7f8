/** The row of figures above a ranking. */
import { Card, Col, Row, Statistic } from "antd";
import type { ReactNode } from "react";
import { mean } from "./helpers.ts";
import type { UnitResult } from "./types.ts";

export interface Figure {
  key: string;
  title: ReactNode;
  value: number | string | null;
  precision?: number;
  suffix?: ReactNode;
  note?: ReactNode;
  color?: string;
}

export function FigureRow({ figures, loading }: { figures: Figure[]; loading?: boolean }) {
  const span = Math.floor(24 / Math.max(1, figures.length));
  return (
    // two a row on a phone
    <Row gutter={[16, 16]}>
      {figures.map((f) => (
        <Col key={f.key} xs={12} sm={span}>
          <Card className="kh-stat-card" loading={loading} data-testid={`stat-${f.key}`} style={{ height: "100%" }}>
            <Statistic
              title={f.title}
              value={f.value ?? "—"}
              precision={typeof f.value === "number" ? f.precision : undefined}
              suffix={f.value === null ? undefined : f.suffix}
              styles={{ content: { color: f.color, fontVariantNumeric: "tabular-nums" } }}
            />
            {f.note && (
              // wraps rather than cut off (three categories' means do not fit a quarter of 1366 px); the cards keep one height
              <div className="kh-meta" style={{ marginTop: 4 }}>
                {f.note}
              </div>
            )}
          </Card>
        </Col>
      ))}
    </Row>
  );
}

/**
 * The units ranked, and how many in each group ("镇 8 · 街道 6 · 县直部门 17"), as the language's 参评单位数 counts
 * them (manual §3.23: a unit without a score or under the minimum volume is not counted); those scored and not ranked
 * said apart. It counted them in (9 家 with 2 not ranked), against the rubric's own 参评单位数.
 */
export function unitsFigure(units: readonly UnitResult[], groups: readonly string[]): Figure {
  const ranked = units.filter((u) => u.ranked);
  const counts = groups.map((g) => `${g} ${ranked.filter((u) => u.group === g).length}`).join(" · ");
  const unranked = units.length - ranked.length;
  return { key: "units", title: "参评单位数", value: ranked.length, suffix: "家", note: unranked ? `${counts}；另 ${unranked} 家不排名` : counts };
}

/**
 * The mean score of the units ranked, and each group's: as 参评单位数 counts them. Those not ranked are left out and said
 * so — a method that gives a unit under the minimum volume its category's average counted that average again (another
 * district's walk: 68.74 beside "另 2 家不排名", the mean of all 8).
 */
export function meanFigure(title: string, units: readonly UnitResult[], groups: readonly string[]): Figure {
  const ranked = units.filter((u) => u.ranked);
  // a group with none ranked has no mean (it read 0.00)
  const means = groups.map((g) => `${g} ${mean(ranked.filter((u) => u.group === g).map((u) => u.published))?.toFixed(2) ?? "—"}`);
  const unranked = units.length - ranked.length;
  return {
    key: "mean",
    title,
    value: mean(ranked.map((u) => u.published)),
    precision: 2,
    note: unranked ? `${means.join(" · ")}；不含不排名的 ${unranked} 家` : means.join(" · "),
  };
}
