/** The row of figures above a ranking. */
import { asksForExplanation } from "@kaohe/services/sanction-causes";
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
  const counts = byGroup(groups, (g) => String(ranked.filter((u) => u.group === g).length));
  const unranked = units.length - ranked.length;
  return { key: "units", title: "参评单位数", value: ranked.length, suffix: "家", note: notes(counts, unranked ? `另 ${unranked} 家不排名` : null) };
}

/**
 * Each group's figure ("镇 8 · 街道 6"), or nothing for one group: its figure is the figure above it (a unit user's
 * page, titled 平均年终成绩（镇）95.20, repeated "镇 95.20" under it).
 */
function byGroup(groups: readonly string[], figure: (group: string) => string): string | null {
  return groups.length > 1 ? groups.map((g) => `${g} ${figure(g)}`).join(" · ") : null;
}

/** The notes that are, joined (a figure without any has no note). */
const notes = (...parts: (string | null)[]): string | undefined => parts.filter((p) => p !== null).join("；") || undefined;

/**
 * The mean score of the units ranked, and each group's: as 参评单位数 counts them. Those not ranked are left out and said
 * so — a method that gives a unit under the minimum volume its category's average counted that average again (another
 * district's walk: 68.74 beside "另 2 家不排名", the mean of all 8).
 */
export function meanFigure(title: string, units: readonly UnitResult[], groups: readonly string[]): Figure {
  const ranked = units.filter((u) => u.ranked);
  // a group with none ranked has no mean (it read 0.00)
  const means = byGroup(groups, (g) => mean(ranked.filter((u) => u.group === g).map((u) => u.published))?.toFixed(2) ?? "—");
  const unranked = units.length - ranked.length;
  return {
    key: "mean",
    title,
    value: mean(ranked.map((u) => u.published)),
    precision: 2,
    note: notes(means, unranked ? `不含不排名的 ${unranked} 家` : null),
  };
}

/**
 * The units a sanction of the month asks to explain in writing (需书面说明), with why in the rubric's own words (its
 * sanctions' labels: another county's rubric is not Huantai's 应办未办、超时办结); the rubric's other sanctions (约谈,
 * 通报) said beside them, not counted: they were, though no explanation is asked of them (another city's walk).
 */
export function explanationsFigure(units: readonly UnitResult[]): Figure {
  const words = (which: (s: UnitResult["sanctions"][number]) => boolean) =>
    [...new Set(units.flatMap((u) => u.sanctions.filter(which).map((s) => s.label ?? s.name)))].join("；");
  const owing = units.filter((u) => u.sanctions.some(asksForExplanation)).length;
  const others = units.filter((u) => u.sanctions.some((s) => !asksForExplanation(s))).length;
  const notes = [
    owing > 0 ? words(asksForExplanation) : "本月没有单位须书面说明",
    others > 0 ? `另有 ${others} 家适用其他处理措施：${words((s) => !asksForExplanation(s))}` : "",
  ];
  return {
    key: "owing",
    title: "需书面说明",
    value: owing,
    suffix: "家",
    color: owing > 0 ? "#d46b08" : undefined,
    note: notes.filter(Boolean).join("。"),
  };
}
