/**
 * An import's report in words, one source for the command line and the console (`@kaohe/data/import-report`, a module
 * with nothing of Node in it): the rows it left out as no record, and what the records it updated changed.
 */

/** 第 6 行（合计行：“合计”）; 工作表“12月下旬”第 6 行（…） on a workbook of several sheets (a data review: by row alone). */
export function skippedRowText(r: { row: number; sheet?: string | undefined; what: string; value: string }): string {
  return `${r.sheet === undefined ? "" : `工作表“${r.sheet}”`}第 ${r.row} 行（${r.what}：“${r.value}”）`;
}

/**
 * What a file's updates changed: 更新的 3 条记录中改变的列：办结时间 3、结果满意度 3、承办单位 1（DIA0001：唐山镇 → 果里镇）. A re-imported file said
 * only 更新 3, and an order moved to another unit went unseen (a data review). Null when nothing was updated.
 */
export function changedText(f: {
  updated?: number;
  changed?: readonly { label: string; count: number; column: string }[];
  reassigned?: readonly { id: string; from: string; to: string }[];
}): string | null {
  if (!f.changed || f.changed.length === 0) return null;
  const moved = f.reassigned ?? [];
  return `更新的 ${(f.updated ?? 0).toLocaleString("zh-CN")} 条记录中改变的列：${f.changed
    .map((c) => {
      const listed =
        c.column === "unit" && moved.length > 0
          ? `（${moved.map((m) => `${m.id}：${m.from} → ${m.to}`).join("；")}${c.count > moved.length ? " 等" : ""}）`
          : "";
      return `${c.label} ${c.count}${listed}`;
    })
    .join("、")}`;
}
