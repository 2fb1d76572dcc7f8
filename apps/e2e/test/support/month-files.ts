/**
 * A month of the center's files, small enough to score by hand:
 *
 * 镇 (towns), March 2018, each with 4 orders:
 * - 甲镇: all closed on time, two called back 满意/满意 → 30 + 20 + 20 + 20 + 10 = 100
 * - 丙镇: all on time, one verified 行政不作为 → 十个新突破 (100 − 5) × 30% = 28.5 → 98.5
 * - 乙镇: one order (HT-B3) closed two days after its deadline → 按期办结 20 × 3/4 = 15,
 *         办结率 10 × 3/4 = 7.5 → 92.5
 * so the towns rank 甲镇 1, 丙镇 2, 乙镇 3.
 * 街道: 东街道 2 orders on time → 100; 西街道 2 orders, one returned for redo → 退回重办 20 × 1/2 = 10 → 90.
 * 县直部门: 县教育局 1 order → 100, volume 1; 县民政局 none → 100, volume 0 → ranked after 县教育局.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";

export function writeMonthFiles(dir: string): string[] {
  const units = [
    "单位编码,单位名称,类别",
    "T1,甲镇,镇",
    "T2,乙镇,镇",
    "T3,丙镇,镇",
    "S1,东街道,街道",
    "S2,西街道,街道",
    "D1,县教育局,县直部门",
    "D2,县民政局,县直部门",
  ];
  const header = "工单编号,承办单位,来源,诉求类型,受理时间,办理时限,办结时间,退回重办次数,已回访,过程满意度,结果满意度";
  const onTime = (id: string, unit: string, day: number, extra = ",0,否,,") =>
    `${id},${unit},县中心,投诉,2018-03-${String(day).padStart(2, "0")} 09:00,2018-03-${String(day + 5).padStart(2, "0")},2018-03-${String(day + 2).padStart(2, "0")} 16:00${extra}`;
  const orders = [
    header,
    onTime("HT-A1", "甲镇", 2, ",0,是,满意,满意"),
    onTime("HT-A2", "甲镇", 5, ",0,是,满意,满意"),
    onTime("HT-A3", "甲镇", 8),
    onTime("HT-A4", "甲镇", 11),
    onTime("HT-B1", "乙镇", 2),
    onTime("HT-B2", "乙镇", 5),
    "HT-B3,乙镇,县中心,投诉,2018-03-08 09:00,2018-03-13,2018-03-15 10:00,0,否,,",
    onTime("HT-B4", "乙镇", 11),
    onTime("HT-C1", "丙镇", 2),
    onTime("HT-C2", "丙镇", 5),
    onTime("HT-C3", "丙镇", 8),
    onTime("HT-C4", "丙镇", 11),
    onTime("HT-E1", "东街道", 3),
    onTime("HT-E2", "东街道", 6),
    onTime("HT-W1", "西街道", 3),
    onTime("HT-W2", "西街道", 6, ",1,否,,"),
    onTime("HT-D1", "县教育局", 4),
  ];
  const events = ["事件编号,单位,日期,事件类型,次数,说明", "SJ-1,丙镇,2018-03-20,行政不作为,1,推诿扯皮经查证属实"];
  const files = { "units.csv": units, "orders.csv": orders, "events.csv": events };
  return Object.entries(files).map(([name, lines]) => {
    const path = join(dir, name);
    writeFileSync(path, `\uFEFF${lines.join("\n")}\n`);
    return path;
  });
}

/** A file with two bad rows, for the failed-import step. */
export function writeBadOrders(dir: string): string {
  const path = join(dir, "orders-bad.csv");
  writeFileSync(
    path,
    [
      "工单编号,承办单位,来源,受理时间,办理时限",
      "X1,甲镇,县中心,2018-03-40,2018-03-10",
      // the same unit not found on three rows: one problem naming them
      ...["X2", "X3", "X4"].map((id) => `${id},不存在的镇,县中心,2018-03-02,2018-03-10`),
    ].join("\n"),
  );
  return path;
}

/** A long orders file for a later month (2018-05): enough rows that importing it takes seconds. */
export function writeLongOrders(dir: string, rows: number): string {
  const units = ["T1", "T2", "T3", "S1", "S2", "D1", "D2"];
  const lines = ["工单编号,承办单位,来源,受理时间,办理时限,办结时间"];
  for (let i = 0; i < rows; i++) {
    const day = String(1 + (i % 20)).padStart(2, "0");
    lines.push(`L${i},${units[i % units.length]},县中心,2018-05-${day} 09:00,2018-05-${String(Number(day) + 5).padStart(2, "0")},2018-05-${day} 16:00`);
  }
  const path = join(dir, "orders-2018-05.csv");
  writeFileSync(path, `${lines.join("\n")}\n`);
  return path;
}
