/** The units a checklist item (事实) has no row of the year for, in words: “全部单位”, or “2 家：县规划局、唐山镇 等”. */
export const lackingUnitsText = (m: { units: number; names: readonly string[] }, total: number) =>
  m.units >= total ? "全部单位" : `${m.units} 家：${m.names.join("、")}${m.units > m.names.length ? " 等" : ""}`;
