/**
 * The trend chart, loaded when first drawn: echarts (about half a megabyte of script) stays out of the unit
 * page's own download, so the page's table shows while the chart is still on its way. Until then a box of
 * the chart's size holds its place (the page does not jump when it arrives).
 */
import { type ComponentProps, lazy, Suspense } from "react";
import type { TrendChart as Chart } from "./trend-chart.tsx";

const Loaded = lazy(async () => ({ default: (await import("./trend-chart.tsx")).TrendChart }));

export function TrendChart(props: ComponentProps<typeof Chart>) {
  return (
    <Suspense fallback={<div className="kh-chart" data-testid="trend-chart-loading" />}>
      <Loaded {...props} />
    </Suspense>
  );
}
