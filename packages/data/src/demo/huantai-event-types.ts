/**
 * The event type codes of the Huantai 2017 method as the shipped rubric
 * declares them (shared/domain/huantai-2017-interpretation.md): the monthly
 * 十个新突破 table and the bracketed codes of Annex 1. The demo uses them to
 * generate events of every type; the scoring itself comes from the rubric.
 */

export interface DemoEventType {
  code: string;
  /** what the center records, used as the demo's 说明 */
  label: string;
  /** monthly (十个新突破) or yearly (Annex 1 comprehensive management) */
  part: "monthly" | "yearly";
  /** relative frequency in the demo */
  weight: number;
  /** the event is about one work order, so it may name it (关联工单) */
  aboutOrder?: boolean;
  /** the order it names, when it names one, came from this center */
  source?: "县中心" | "市中心";
  /** the order it names is a leader-instructed one */
  leaderInstructed?: boolean;
  /** the center decides the points case by case (分值) */
  points?: readonly number[];
}

const m = (code: string, label: string, weight: number, more: Partial<DemoEventType> = {}): DemoEventType => ({
  code,
  label,
  part: "monthly",
  weight,
  ...more,
});
const y = (code: string, label: string, weight: number, more: Partial<DemoEventType> = {}): DemoEventType => ({
  code,
  label,
  part: "yearly",
  weight,
  ...more,
});

export const HUANTAI_2017_EVENT_TYPES: readonly DemoEventType[] = [
  m("行政不作为", "因行政不作为造成投诉，经查证属实", 6, { aboutOrder: true }),
  m("转办未整改", "经县投诉中心转办，在规定期限内仍未整改", 4, { aboutOrder: true, source: "县中心" }),
  m("不作为情节严重", "行政不作为情节严重，造成不良影响", 1, { aboutOrder: true }),
  m("服务态度恶劣", "服务态度恶劣（门难进、脸难看、话难听、事难办），经查证属实", 3, { aboutOrder: true }),
  m("上班时间娱乐", "上班时间玩游戏、炒股票、聊天，造成市民投诉", 1),
  m("服务电话无人接听", "公开服务电话无人接听，造成市民投诉", 4),
  m("服务电话重复投诉", "服务电话投诉后仍未整改，造成重复投诉", 1),
  m("行政乱作为", "违反政策和规章制度，行政乱作为造成不良后果", 1, { aboutOrder: true }),
  m("弄虚作假", "行政效能投诉办理结果弄虚作假", 1, { aboutOrder: true }),
  m("市转办应办未办", "市中心转办件未在规定期限内办结且未说明理由", 3, { aboutOrder: true, source: "市中心" }),
  m("市转办承办不力延期", "市中心转办件因承办不力申请延期", 2, { aboutOrder: true, source: "市中心" }),
  m("市转办问题反弹", "市中心转办件因办理不到位问题反弹", 2, { aboutOrder: true, source: "市中心" }),
  m("县交办应办未办", "县中心交办件未在规定期限内办结且未说明理由", 4, { aboutOrder: true, source: "县中心" }),
  m("县交办问题反弹", "县中心交办件因办理不到位问题反弹", 3, { aboutOrder: true, source: "县中心" }),
  m("推诿扯皮", "县中心交办件推诿扯皮，经查证属实", 2, { aboutOrder: true, source: "县中心" }),
  m("抽查态度不满意", "市中心抽样调查，对服务态度不满意经查证属实", 2, { aboutOrder: true }),
  m("抽查应办未办不满意", "市中心抽样调查，因应办未办对办理结果不满意", 1, { aboutOrder: true }),
  m("其他效能问题", "其他行政效能投诉事项，酌情扣分", 2, { aboutOrder: true, points: [0.5, 1, 2, 3] }),

  y("人员配备不足", "热线工作人员少于2名或未落实要求", 1),
  y("人员变更未报备", "热线工作人员变更未及时报备", 2),
  y("未列入议事日程", "热线工作未列入议事日程", 1),
  y("重难点未督办", "重难点问题需两次以上督办", 2, { aboutOrder: true }),
  y("工作制度缺项", "工作制度缺项或未落实", 1),
  y("态度或隐私被投诉", "服务态度被投诉或泄露市民隐私", 1, { aboutOrder: true }),
  y("媒体曝光", "问题被新闻媒体曝光", 1),
  y("工单不规范", "工单格式不规范、未按要求签批", 4, { aboutOrder: true }),
  y("例会制度缺项", "例会制度缺项", 1),
  y("知识库未更新", "问答知识库未及时更新", 2),
  y("知识库建议未处理", "知识库修改建议未及时处理", 1),
  y("新政策对接不及时", "新出台政策未及时对接，造成答复错误或派单", 2),
  y("现场协调缺席", "现场协调会缺席", 1),
  y("现场协调迟到", "现场协调会迟到", 1),
  y("未按要求派员", "现场协调未按要求派员参加", 1),
  y("协调事项未落实", "现场协调事项未落实", 1),
  y("拒不承办经现场确认", "拒不承办，经现场协调确认属其职责", 1, { aboutOrder: true }),
  y("回复与现场不符", "工单回复与现场核查不符", 2, { aboutOrder: true }),
  y("无故缺席会议", "无故缺席会议或培训", 2),
  y("替会迟到早退", "替会、迟到或早退", 2),
  y("应急电话无人接听", "应急联系电话无人接听", 2),
  y("多次无人接听未回电", "应急联系电话多次无人接听且未回电", 1),
  y("批示件超时或不符", "领导批示件超时办结或回访不符退回", 1, { aboutOrder: true, leaderInstructed: true }),
  y("直播节目未配合", "未按要求配合12345直播节目", 1),
  y("交办工作未落实", "其他交办工作未落实", 2),
  y("威胁辱骂热线人员", "威胁、辱骂热线工作人员", 1),
  y("主动承办交叉职责", "主动承办职责交叉的诉求", 2, { aboutOrder: true }),
  y("主动协调解决", "无法定职责但主动协调解决诉求", 2, { aboutOrder: true }),
  y("其他加分", "承办量大、办理质量高，中心予以加分", 1, { points: [1, 2, 3, 5] }),
];

/** Yes/no facts of Annex 1: 1.1 leading group set up, 7.1 dedicated network line. */
export const HUANTAI_2017_FACT_ITEMS: readonly string[] = ["领导小组", "专线网络"];
