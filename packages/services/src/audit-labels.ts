/**
 * The audit log in Chinese: what each recorded action and object is, and an entry's details as a person reads
 * them (Chinese names for the keys, times in Beijing time). One source for the console's 审计日志 page and the
 * CSV export; free of Node (the console bundles it: `@kaohe/services/audit-labels`). An action or key not
 * listed shows as recorded.
 */
import { RECORD_FIELDS, type RecordKind, storedValueText } from "@kaohe/data/schema";
import { type CorrectedRecord, type CorrectionValue, describeValue, fieldLabel, RECORD_ZH } from "@kaohe/db/correction-fields";
import { formatShanghai } from "@kaohe/time";
import { PERMISSION_LABEL, ROLE_LABEL } from "./roles.ts";

export const ACTION_LABEL: Readonly<Record<string, string>> = {
  "auth.signIn": "登录",
  "auth.signInFailed": "登录失败",
  "auth.signInRefused": "登录被拒绝",
  "auth.locked": "账号锁定",
  "auth.signOut": "退出登录",
  "access.denied": "拒绝访问",
  "access.denied.many": "拒绝访问过多（同一用户与地址 10 分钟内其后的拒绝不再逐条记录）",
  "auth.attempts.many": "登录尝试过多（同一用户名与地址 10 分钟内其后失败或被拒绝的登录不再逐条记录）",
  "user.create": "新建用户",
  "user.resetPassword": "重置密码",
  "user.changePassword": "修改密码",
  "user.changePasswordFailed": "修改密码时当前密码错误",
  "user.disable": "停用用户",
  "user.enable": "启用用户",
  "user.update": "修改用户",
  "settings.centerName": "设置中心名称",
  "result.publish": "发布结果",
  "result.republish": "重新发布结果",
  "rubric.create": "新建规则草稿",
  "rubric.update": "修改规则草稿",
  "rubric.delete": "删除规则草稿",
  "rubric.publish": "发布规则",
  "rubric.withdraw": "撤回规则",
  "import.orders": "导入工单",
  "import.events": "导入考核事件",
  "import.units": "导入单位名单",
  "import.facts": "导入年度事实",
  "import.calendar": "导入节假日安排",
  "import.undo": "撤销导入",
  "import.refused": "导入未通过检查（一行未存）",
  "import.unchanged": "导入（数据无变化，未存）",
  "import.started": "开始导入",
  "import.finished": "导入完成",
  "import.failed": "导入出错（未保存数据）",
  "import.interrupted": "导入中断（服务器重启，未保存数据）",
  "orders.update": "更新工单",
  "events.update": "更新考核事件",
  "units.update": "更新单位",
  "categories.create": "新增单位类别",
  "facts.update": "更新年度事实",
  "holidays.update": "更新节假日安排",
  "cycle.preview": "向单位开放预览",
  "cycle.deadlines": "修改期限",
  "cycle.notice": "开始公示",
  "cycle.reopen": "重新开放",
  "cycle.withdraw": "撤回开放预览",
  "explanation.submit": "提交书面说明",
  "explanation.revise": "修改书面说明",
  "explanation.acknowledge": "阅知书面说明",
  "objection.raise": "提出异议",
  "objection.accept": "采纳异议",
  "objection.withdraw": "撤回异议",
  "objection.reject": "不予采纳异议",
  "correction.kept": "更正保留（导入文件与之不同）",
  "correction.confirmed": "更正经导入文件确认",
  "bulletin.update": "编辑投诉动态",
};

export const ENTITY_LABEL: Readonly<Record<string, string>> = {
  users: "用户",
  settings: "设置",
  import_batches: "导入批次",
  categories: "单位类别",
  rubric_versions: "规则版本",
  published_results: "考核结果发布",
  facts: "年度事实",
  holidays: "节假日安排",
  orders: "工单",
  events: "考核事件",
  units: "单位",
  assessment_cycles: "考核周期",
  explanations: "书面说明",
  objections: "异议",
  corrections: "更正",
  attachments: "附件",
  bulletin: "投诉动态",
  route: "地址",
  procedure: "接口",
};

/** The keys of entries' details (what the services write), in Chinese. */
const KEY_LABEL: Readonly<Record<string, string>> = {
  typed: "输入的用户名",
  period: "考核期",
  unitCode: "单位编码",
  unit: "单位",
  subject: "异议对象",
  changes: "更正",
  attachments: "附件",
  attachmentsRemoved: "删去的附件",
  characters: "字数",
  reason: "原因",
  response: "回复",
  decision: "处理意见",
  accept: "采纳",
  from: "原为",
  to: "改为",
  name: "名称",
  version: "版本",
  effectiveFrom: "施行起始",
  scoredMonth: "试算月份",
  publicationsKept: "保留的发布",
  rubricVersionId: "规则版本",
  dataHash: "数据指纹",
  replaces: "取代发布",
  confirmEmpty: "确认无工单",
  confirmUnfinished: "确认提前发布",
  objections: "引用异议",
  undecidedObjections: "未处理异议",
  objectionDeadline: "异议截止",
  explanationDeadline: "说明截止",
  objection: "异议截止",
  explanation: "说明截止",
  openedBy: "开放人",
  openedAt: "开放时间",
  stage: "阶段",
  until: "截至",
  batchId: "导入批次",
  batchIds: "导入批次",
  file: "文件",
  files: "文件",
  startedBy: "导入人",
  startedAt: "开始时间",
  // the process an import ran in (import.started: @kaohe/db import-runner.ts)
  pid: "进程号",
  host: "计算机",
  boot: "开机时间",
  ticks: "进程启动（开机后的时钟周期）",
  kind: "种类",
  rows: "行数",
  inserted: "新增",
  updated: "更新",
  unchanged: "未变",
  removed: "删除",
  restored: "恢复",
  issue: "期号",
  issuedOn: "日期",
  lead: "导语",
  permission: "所需权限",
  // what a refused call asked for (trpc.ts askedOf)
  asked: "所请求",
  month: "月份",
  year: "年度",
  id: "编号",
  assessment: "考核",
  versionId: "规则版本编号",
  role: "角色",
  username: "用户名",
  displayName: "姓名",
  before: "修改前",
  after: "修改后",
  sessionsEnded: "结束的会话",
  signIns: "10 分钟内的登录次数",
  otherSessionsEnded: "结束的其他会话",
  failedAttempts: "本地址连续输错次数",
  accountFailedAttempts: "账号连续输错次数",
  corrections: "更正",
  scope: "锁定范围",
  during: "输错时",
  size: "大小（字节）",
  record: "记录",
  recordId: "编号",
  field: "字段",
  position: "位置",
  hash: "文件指纹",
  problems: "问题数",
  publishedPeriods: "改变了依据数据的已发布考核期",
  importedBy: "导入人",
  correctionsReopened: "重新打开的更正",
  categoriesRemoved: "删除的类别",
};

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** An instant as Beijing time, to the minute ("2026-12-10 23:59"). */
function beijingMinute(iso: string): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : formatShanghai(t, "minute");
}

export const actionLabel = (action: string): string => ACTION_LABEL[action] ?? action;
export const entityLabel = (entity: string): string => ENTITY_LABEL[entity] ?? entity;

/** Objects recorded by a code of their own (a setting's key): the words for them. */
const ENTITY_ID_LABEL: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  settings: { centerName: "中心名称" },
};
/** The object's id as a person reads it: a setting by its name ("中心名称"), anything else as recorded. */
export const entityIdLabel = (entity: string, entityId: string): string => ENTITY_ID_LABEL[entity]?.[entityId] ?? entityId;

/** A correction of a record's field, as an objection's decision lists them: {record, recordId, field, from, to}. */
type CorrectionDetail = { record: CorrectedRecord; recordId: string; field: string; from?: CorrectionValue; to: CorrectionValue };

const isCorrection = (v: unknown): v is CorrectionDetail =>
  typeof v === "object" && v !== null && "field" in v && "to" in v && ((v as { record?: unknown }).record as string) in RECORD_ZH;

/** "工单 GD1 的“延期至”：2019-01-10 18:00 → 2019-01-14 18:00", as the drill-down says it, not the stored codes and milliseconds. */
function correctionText(c: CorrectionDetail): string {
  const value = (x: CorrectionValue | undefined) => describeValue(c.record, c.field, x ?? null);
  return `${RECORD_ZH[c.record]} ${c.recordId} 的“${fieldLabel(c.record, c.field)}”：${c.from === undefined ? "" : `${value(c.from)} → `}${value(c.to)}`;
}

/** A value of a detail as short text: times in Beijing time, yes/no for flags, lists with 、, objects as 键：值. */
function valueText(v: unknown): string {
  if (v === null || v === undefined) return "—";
  // a content or file hash (64 hex digits) by its first 12, as the rules page shows it (the CSV's raw column has it whole)
  if (typeof v === "string" && /^(?:v\d:)?[0-9a-f]{64}(?:\/f)?$/.test(v)) return `${v.replace(/^v\d:/, "").slice(0, 12)}…`;
  if (typeof v === "string") return ISO_TIME.test(v) ? beijingMinute(v) : v;
  if (typeof v === "boolean") return v ? "是" : "否";
  if (typeof v === "number") return String(v);
  if (Array.isArray(v)) return v.length === 0 ? "无" : v.map(valueText).join("、");
  if (isCorrection(v)) return correctionText(v);
  if (typeof v === "object") return `（${pairs(v as Record<string, unknown>, {})}）`;
  return String(v);
}

/** Details whose values are codes: the words for them. */
const VALUE_LABEL: Record<string, Record<string, string>> = {
  role: ROLE_LABEL,
  reason: {
    "unknown user": "没有这个用户",
    disabled: "账号已停用",
    locked: "该地址已锁定",
    lockedAccount: "账号已锁定（非常用电脑）",
    // an address's refusals, audited once in 10 minutes (apps/server/src/auth.ts)
    addressParallel: "该地址同时发出的登录请求过多（10 分钟内其后的不再逐条记录）",
    addressFailures: "该地址登录失败的用户名过多，须等 10 分钟（其间的拒绝不再逐条记录）",
    // one browser's, limited by itself (it signed in to the account before: its device cookie), not the address's
    deviceParallel: "同一浏览器（登录过该账号）同时发出的登录请求过多，该地址的其他浏览器不受影响（10 分钟内其后的不再逐条记录）",
    deviceFailures: "同一浏览器（登录过该账号）登录失败过多，须等 10 分钟，该地址的其他浏览器不受影响（其间的拒绝不再逐条记录）",
    // an account signed in as often as 10 minutes allow (packages/services/src/users.ts), audited once in them
    tooManySignIns: "该账号 10 分钟内登录次数过多（其后的拒绝不再逐条记录）",
  },
  scope: { address: "该地址", account: "账号（常用电脑除外）" },
  during: { changePassword: "修改密码" },
  stage: { preview: "预览", notice: "公示", published: "已发布", closed: "未开放" },
  kind: { units: "单位", orders: "工单", events: "考核事件", facts: "年度事实", calendar: "节假日安排" },
  subject: { orders: "工单", events: "考核事件", other: "其他" },
  // a refusal's permission, as the permission matrix says it ("查看审计日志"), its code after it
  permission: Object.fromEntries(Object.entries(PERMISSION_LABEL).map(([code, zh]) => [code, `${zh}（${code}）`])),
};

/** The tables an import writes, by the audit log's entity: their columns' names and kinds (the data format's). */
const IMPORTED: Readonly<Record<string, RecordKind>> = { orders: "orders", events: "events", units: "units", facts: "facts", holidays: "calendar" };

/** `changes` as an import's update records them: by column, what it was and what it is ({closedAt: {from, to}}). */
const isColumnChanges = (v: unknown): v is Record<string, { from: unknown; to: unknown }> =>
  typeof v === "object" && v !== null && !Array.isArray(v) && Object.values(v).every((c) => typeof c === "object" && c !== null && "from" in c && "to" in c);

/**
 * An import's update of a record as a person reads it: 办结时间 2018-11-04 09:04 → 2018-11-09 10:40，超期说明已认可 否 → 是,
 * the columns by the data format's names, times in Beijing time, yes/no as 是/否 (it read “更正：（closedAt：（原为：
 * 1541293440000，改为：…））”: a walk — and an update is no 更正, which an accepted objection makes).
 */
function columnChangesText(kind: RecordKind, changes: Record<string, { from: unknown; to: unknown }>): string {
  return Object.entries(changes)
    .map(([column, c]) => {
      const field = RECORD_FIELDS[kind].find((f) => f.key === column);
      const label = column === "attributes" ? "其他列" : column === "value" && kind === "facts" ? "填报值" : (field?.zh ?? column);
      const shown = (v: unknown) => storedValueText(field?.type, v, { times: "minute" });
      return `${label} ${shown(c.from)} → ${shown(c.to)}`;
    })
    .join("，");
}

function pairs(detail: Record<string, unknown>, names: Readonly<Record<string, string>>, entity?: string): string {
  const imported = entity === undefined ? undefined : IMPORTED[entity];
  const text = (k: string, v: unknown) => names[k] ?? (typeof v === "string" ? (VALUE_LABEL[k]?.[v] ?? valueText(v)) : valueText(v));
  return (
    Object.entries(detail)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => (k === "changes" && imported && isColumnChanges(v) ? `改变：${columnChangesText(imported, v)}` : `${KEY_LABEL[k] ?? k}：${text(k, v)}`))
      // a value ending its own sentence (处理意见：…予以采纳。) is not followed by a comma too (。，)
      .reduce((line, pair) => (line === "" ? pair : `${line}${/[。！？；]$/.test(line) ? "" : "，"}${pair}`), "")
  );
}

/**
 * An entry's detail as one line of text: "考核期：2018-11，单位编码：唐山镇（HTZ01），…", a value that is an object's id
 * read as the log names it (`names`, by key: AuditEntry.detailNames).
 */
export function detailText(detail: unknown, names: Readonly<Record<string, string>> = {}, entity?: string): string {
  if (detail === null || detail === undefined || detail === "") return "";
  if (typeof detail !== "object" || Array.isArray(detail)) return valueText(detail);
  return pairs(detail as Record<string, unknown>, names, entity);
}
