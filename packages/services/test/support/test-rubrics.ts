/**
 * Small rubric texts for the publication tests: a month by close time, a month from the 26th, one that cannot score a
 * month, and a month of events with its year.
 */

/** A rubric whose month counts the orders closed in it (whenever received), and the events dated in it. */
export function closedInMonthRubric(version = "按办结"): string {
  return `rubric "测试办法" version "${version}"
  in force from 2017-01

category 镇 "镇"

population 本期办结 "本期办结工单" = orders where 办结时间 in period
population 本期事件 "本期考核事件" = events where 日期 in period

measure 办结数 "办结件数" = count 本期办结
measure 满意数 "满意件数" = count 本期办结 where 结果满意度 = "满意"
measure 事件数 "事件数" = sum 本期事件 of 次数

rate 满意率 "满意率" = 满意数 / 办结数, when zero: 1 "无办结"

monthly 月度 "月度考核" {
  window month
  item 满意 "满意率" 100 points = 100 × 满意率 - 事件数
}

ranking {
  monthly 月度
  within category
  volume 办结数
  order by score desc, volume desc
  ties shared
  round 2 decimals
}
`;
}

/** A rubric whose month runs from the 26th of the month before, by receipt time, with a year of its months. */
export function from26thRubric(version = "26日起"): string {
  return `rubric "测试办法" version "${version}"
  in force from 2017-01

category 镇 "镇"

population 本期工单 "本期受理工单" = orders where 受理时间 in period

measure 工单数 "工单数" = count 本期工单
measure 满意数 "满意件数" = count 本期工单 where 结果满意度 = "满意"

rate 满意率 "满意率" = 满意数 / 工单数, when zero: 1 "无工单"

monthly 月度 "月度考核" {
  window month from day 26
  item 满意 "满意率" 100 points = 100 × 满意率
}

yearly 年度 "年度考核" {
  window year
  item 平均 "月度平均" 100 points = mean(月度)
}

ranking {
  monthly 月度
  yearly 年度
  within category
  volume 工单数
  order by score desc, volume desc
  ties shared
  round 2 decimals
}
`;
}

/**
 * A month of 30 points less `points` a 推诿扯皮 event, ranked by its orders (volume: a month without any is no month of
 * data), and the year as the months' mean: the months a draft would be used for, and a trend's months without data.
 */
export function eventsMonthRubric(options: { name?: string; version: string; from: string; points?: number }): string {
  return `rubric "${options.name ?? "测试办法"}" version "${options.version}"
  in force from ${options.from}

category 镇 "镇"

event 推诿扯皮 "推诿扯皮" points ${options.points ?? 5}

population 本期工单 "本期受理工单" = orders where 受理时间 in period
population 本期事件 "本期考核事件" = events where 日期 in period

measure 工单数 "工单数" = count 本期工单

monthly 月度 "月度考核" {
  window month
  item 效能 "效能" 30 points {
    base 30
    deduct per 推诿扯皮
  }
}

yearly 年度 "年度考核" {
  window year
  item 月均 "月度平均" 30 points = mean(月度)
}

ranking {
  monthly 月度
  yearly 年度
  volume 工单数
}
`;
}
