/** A unit's monthly score (left axis) and rank in its group (right axis, first place on top). */
import { LineChart, type LineSeriesOption } from "echarts/charts";
import {
  GridComponent,
  type GridComponentOption,
  LegendComponent,
  type LegendComponentOption,
  MarkLineComponent,
  MarkPointComponent,
  TooltipComponent,
  type TooltipComponentOption,
} from "echarts/components";
import * as echarts from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import { useEffect, useRef } from "react";
import { html } from "../../lib/escape.ts";
import { fixed, monthLabel } from "../../lib/format.ts";
import { rankAxis, scoreAxis } from "./axis.ts";
import { rubricChanges } from "./trend-versions.ts";
import type { TrendPoint } from "./types.ts";

echarts.use([LineChart, GridComponent, LegendComponent, TooltipComponent, MarkLineComponent, MarkPointComponent, CanvasRenderer]);

type Option = echarts.ComposeOption<LineSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption>;

const SCORE = "#b71c1c";
const FONT = '-apple-system, "Noto Sans CJK SC", "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC", sans-serif';
const RANK = "#1677ff";

/**
 * One month's tooltip (HTML for echarts): the month, score, rank and rubric version, each value escaped; a month
 * without data (no order of any unit), 无数据 in place of the score and rank.
 */
export function trendTooltipHtml(p: Pick<TrendPoint, "month" | "noData" | "score" | "rank" | "groupSize" | "group" | "rubricVersion">): string {
  const rank = p.rank === null ? "不排名" : `第 ${p.rank} / ${p.groupSize} 名`;
  const version = p.rubricVersion ? html`<br/><span style="color:#8c8c8c">规则版本 ${p.rubricVersion.version}</span>` : "";
  if (p.noData) return html`<b>${monthLabel(p.month)}</b><br/>无数据：各单位本月都没有工单，不计分、不排名，不计入年终成绩` + version;
  return html`<b>${monthLabel(p.month)}</b><br/>得分：${fixed(p.score)}<br/>排名：${p.group ?? ""} ${rank}` + version;
}

/** Below this width (a phone) a score is labelled at the month shown only: twelve labels ran into each other and into the rank's markers. */
const NARROW_PX = 560;

function optionFor(points: TrendPoint[], selected: string | null, narrow: boolean): Option {
  const months = points.map((p) => p.month);
  // a month without data has no point on either line (a gap), and says 无数据 under its month
  const noData = new Set(points.filter((p) => p.noData).map((p) => p.month));
  const scores = points.map((p) => p.score);
  const ranks = points.map((p) => p.rank);
  // a score axis that starts near the lowest score, so month-to-month changes are visible, in round even steps
  const score = scoreAxis(scores);
  const rank = rankAxis(Math.max(1, ...points.map((p) => p.groupSize)));
  return {
    animation: false,
    // the console's own font: labels measured in the font they are drawn in
    textStyle: { fontFamily: FONT },
    grid: { left: 48, right: 56, top: 56, bottom: noData.size > 0 ? 50 : 36 },
    legend: { data: ["得分", "排名"], top: 4, left: "center", itemWidth: 18 },
    tooltip: {
      trigger: "axis",
      // the tooltip is HTML: every value in it is escaped (a rubric version or group name is data, not markup)
      formatter: (params) => {
        const list = Array.isArray(params) ? params : [params];
        const p = points[list[0]?.dataIndex ?? 0];
        return p ? trendTooltipHtml(p) : "";
      },
    },
    xAxis: {
      type: "category",
      data: months,
      axisLabel: {
        formatter: (m: string) => (m.endsWith("-01") ? `${m.slice(0, 4)}年\n1月` : `${Number(m.slice(5))}月`) + (noData.has(m) ? "\n{none|无数据}" : ""),
        lineHeight: 14,
        rich: { none: { color: "#8c8c8c", fontSize: 11, lineHeight: 14 } },
      },
      axisTick: { alignWithLabel: true },
    },
    yAxis: [
      { type: "value", name: "得分", ...score, splitLine: { lineStyle: { type: "dashed", color: "#eee" } }, nameTextStyle: { color: SCORE } },
      {
        type: "value",
        name: "排名",
        inverse: true,
        ...rank,
        splitLine: { show: false },
        axisLabel: { formatter: (v: number) => `第${v}` },
        nameTextStyle: { color: RANK },
      },
    ],
    series: [
      {
        name: "得分",
        type: "line",
        data: scores,
        yAxisIndex: 0,
        symbolSize: (_: unknown, p: { dataIndex: number }) => (months[p.dataIndex] === selected ? 11 : 6),
        itemStyle: { color: SCORE },
        lineStyle: { width: 2.5 },
        label: {
          show: true,
          position: "top",
          // on a phone, the month shown only (a leader's walk at 390 px could read none of twelve); every value is in the tooltip
          formatter: (p) => (typeof p.value === "number" && (!narrow || months[p.dataIndex] === selected) ? p.value.toFixed(2) : ""),
          fontSize: 11,
          color: "#595959",
        },
        // a label that would run into another is left out
        labelLayout: { hideOverlap: true },
        connectNulls: false,
        // a line at each month a new rubric version scores from, named at its top (the page says it in words too)
        markLine: {
          silent: true,
          symbol: "none",
          animation: false,
          lineStyle: { type: "dashed", color: "#8c8c8c", width: 1 },
          label: { position: "end", color: "#8c8c8c", fontSize: 11 },
          // (a function: a string formatter is an echarts template, and a version written {a} or {b} would be filled in)
          data: rubricChanges(points).map((c) => ({ xAxis: c.month, label: { formatter: () => `规则 ${c.to.version}` } })),
        },
      },
      {
        name: "排名",
        type: "line",
        data: ranks,
        yAxisIndex: 1,
        step: false,
        symbol: "rect",
        symbolSize: 7,
        itemStyle: { color: RANK },
        lineStyle: { width: 1.5, type: "dashed" },
        connectNulls: false,
      },
    ],
  };
}

/** `selected` (a month) is drawn larger; clicking a month calls `onSelect`. */
export function TrendChart({ points, selected, onSelect }: { points: TrendPoint[]; selected?: string; onSelect?: (month: string) => void }) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const onSelectRef = useRef(onSelect);
  onSelectRef.current = onSelect;
  const monthsRef = useRef<string[]>([]);
  monthsRef.current = points.map((p) => p.month);
  const narrowRef = useRef(false);
  const redrawRef = useRef(() => {});

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const c = echarts.init(el, undefined, { renderer: "canvas" });
    chart.current = c;
    c.getZr().on("click", (e) => {
      if (!c.containPixel({ gridIndex: 0 }, [e.offsetX, e.offsetY])) return;
      const at = c.convertFromPixel({ xAxisIndex: 0 }, e.offsetX);
      const month = monthsRef.current[Math.round(Number(at))];
      if (month) onSelectRef.current?.(month);
    });
    const resize = new ResizeObserver(() => {
      c.resize();
      // a width across NARROW_PX (a phone turned) labels otherwise: drawn again
      if (c.getWidth() < NARROW_PX !== narrowRef.current) redrawRef.current();
    });
    resize.observe(el);
    return () => {
      resize.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  // drawn once the page's fonts are ready and the layout has settled (the first frame can still change the width:
  // a scrollbar appearing as the rest of the page loads), so that no label is measured too narrow and clipped
  useEffect(() => {
    let live = true;
    const draw = () => {
      const c = chart.current;
      if (!live || !c) return;
      narrowRef.current = c.getWidth() < NARROW_PX;
      c.setOption(optionFor(points, selected ?? null, narrowRef.current), true);
      requestAnimationFrame(() => live && c.resize());
    };
    redrawRef.current = draw;
    if (document.fonts?.status === "loaded") draw();
    else void document.fonts.ready.then(draw);
    return () => {
      live = false;
    };
  }, [points, selected]);

  return <div ref={ref} className="kh-chart" data-testid="trend-chart" style={{ cursor: onSelect ? "pointer" : undefined }} />;
}
