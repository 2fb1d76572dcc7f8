/**
 * The units assessed in Huantai County (桓台县, Zibo, Shandong) under the 2017
 * method, with the 2017-era department names (before the 2019 institutional
 * reform renamed many of them). Codes are the demo's own. `monthlyOrders` is
 * the demo's average monthly volume: towns and street offices carry most
 * citizen complaints, a few departments (urban management, housing, police,
 * market supervision, power and water) many, the rest few.
 */

export interface DemoUnitProfile {
  code: string;
  name: string;
  category: "镇" | "街道" | "县直部门";
  monthlyOrders: number;
}

export const HUANTAI_UNITS: readonly DemoUnitProfile[] = [
  { code: "HTJD01", name: "索镇街道", category: "街道", monthlyOrders: 70 },
  { code: "HTJD02", name: "少海街道", category: "街道", monthlyOrders: 55 },

  { code: "HTZ01", name: "唐山镇", category: "镇", monthlyOrders: 45 },
  { code: "HTZ02", name: "果里镇", category: "镇", monthlyOrders: 40 },
  { code: "HTZ03", name: "马桥镇", category: "镇", monthlyOrders: 42 },
  { code: "HTZ04", name: "新城镇", category: "镇", monthlyOrders: 38 },
  { code: "HTZ05", name: "起凤镇", category: "镇", monthlyOrders: 35 },
  { code: "HTZ06", name: "田庄镇", category: "镇", monthlyOrders: 30 },
  { code: "HTZ07", name: "荆家镇", category: "镇", monthlyOrders: 28 },

  { code: "HTBM01", name: "县发展和改革局", category: "县直部门", monthlyOrders: 3 },
  { code: "HTBM02", name: "县经济和信息化局", category: "县直部门", monthlyOrders: 3 },
  { code: "HTBM03", name: "县教育局", category: "县直部门", monthlyOrders: 14 },
  { code: "HTBM04", name: "县公安局", category: "县直部门", monthlyOrders: 28 },
  { code: "HTBM05", name: "县民政局", category: "县直部门", monthlyOrders: 8 },
  { code: "HTBM06", name: "县司法局", category: "县直部门", monthlyOrders: 3 },
  { code: "HTBM07", name: "县财政局", category: "县直部门", monthlyOrders: 4 },
  { code: "HTBM08", name: "县人力资源和社会保障局", category: "县直部门", monthlyOrders: 18 },
  { code: "HTBM09", name: "县国土资源局", category: "县直部门", monthlyOrders: 9 },
  { code: "HTBM10", name: "县住房和城乡建设局", category: "县直部门", monthlyOrders: 30 },
  { code: "HTBM11", name: "县交通运输局", category: "县直部门", monthlyOrders: 12 },
  { code: "HTBM12", name: "县水利与渔业局", category: "县直部门", monthlyOrders: 5 },
  { code: "HTBM13", name: "县农业局", category: "县直部门", monthlyOrders: 5 },
  { code: "HTBM14", name: "县林业局", category: "县直部门", monthlyOrders: 2 },
  { code: "HTBM15", name: "县商务局", category: "县直部门", monthlyOrders: 3 },
  { code: "HTBM16", name: "县文化广电新闻出版局", category: "县直部门", monthlyOrders: 3 },
  { code: "HTBM17", name: "县卫生和计划生育局", category: "县直部门", monthlyOrders: 13 },
  { code: "HTBM18", name: "县审计局", category: "县直部门", monthlyOrders: 1 },
  { code: "HTBM19", name: "县环境保护局", category: "县直部门", monthlyOrders: 20 },
  { code: "HTBM20", name: "县统计局", category: "县直部门", monthlyOrders: 1 },
  { code: "HTBM21", name: "县城市管理行政执法局", category: "县直部门", monthlyOrders: 35 },
  { code: "HTBM22", name: "县市场监督管理局", category: "县直部门", monthlyOrders: 25 },
  { code: "HTBM23", name: "县安全生产监督管理局", category: "县直部门", monthlyOrders: 4 },
  { code: "HTBM24", name: "县物价局", category: "县直部门", monthlyOrders: 5 },
  { code: "HTBM25", name: "县规划局", category: "县直部门", monthlyOrders: 4 },
  { code: "HTBM26", name: "县畜牧兽医局", category: "县直部门", monthlyOrders: 2 },
  { code: "HTBM27", name: "县房产管理局", category: "县直部门", monthlyOrders: 10 },
  { code: "HTBM28", name: "县公路管理局", category: "县直部门", monthlyOrders: 4 },
  { code: "HTBM29", name: "县住房公积金管理中心", category: "县直部门", monthlyOrders: 3 },
  { code: "HTBM30", name: "县供电公司", category: "县直部门", monthlyOrders: 22 },
  { code: "HTBM31", name: "县自来水公司", category: "县直部门", monthlyOrders: 16 },
];
