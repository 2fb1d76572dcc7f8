/**
 * The center's actions on a month's cycle (cycle.manage): open the preview to
 * the units (working days for objections and explanations; a published month
 * needs a reason to reopen, and keeps its explanation deadline), take back an opening made by mistake, start the
 * notice period, move the deadlines.
 */

import { CalendarOutlined, NotificationOutlined, RollbackOutlined, UnlockOutlined } from "@ant-design/icons";
import { isYear } from "@kaohe/time";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Button, DatePicker, Form, type FormInstance, Input, InputNumber, Modal, Space, Tooltip, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { type ReactNode, useState } from "react";
import { useAuth } from "../../lib/auth.tsx";
import { DAY_FORMATS, isoTime, monthLabel, thisPeriod } from "../../lib/format.ts";
import { errorText, isNotInForce, useTRPC } from "../../lib/trpc.ts";
import { DialogWarning } from "../dialog-warning.tsx";
import type { Cycle } from "./types.ts";
import { beijingDate, beijingToday, openingDeadlinesText, openPreviewBlocked } from "./workflow.ts";

/** After any change of a cycle: the cycle, the duties and objections (deadlines, states), the inboxes. */
function useCycleRefresh() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.cycle.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.explanations.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.objections.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.inbox.pathKey() }),
    ]);
}

const disabledPast = (d: Dayjs) => d.format("YYYY-MM-DD") < beijingToday();

/** The state of a cycle action's dialog: whether it is open, and what a change that succeeded does (say so, close the dialog, refresh the cycle). */
function useCycleDialog() {
  const { message } = App.useApp();
  const refresh = useCycleRefresh();
  const [open, setOpen] = useState(false);
  const succeeded = async (text: string) => {
    message.success(text);
    setOpen(false);
    await refresh();
  };
  return { open, setOpen, dialog: { open, setOpen }, succeeded };
}

/**
 * A cycle action's dialog: its intro, the error of its last try, its form; OK checks the form and hands its values to
 * `submit`; cancel closes it and closing it forgets the error.
 */
function CycleModal<V extends object>({
  title,
  okText,
  dialog,
  mutation,
  form,
  initialValues,
  submit,
  intro,
  children,
  okDisabled = false,
}: {
  title: string;
  okText: string;
  /** nothing may be done (said in the intro): OK is greyed */
  okDisabled?: boolean;
  dialog: { open: boolean; setOpen: (open: boolean) => void };
  mutation: { isPending: boolean; error: unknown; reset: () => void };
  form: FormInstance<V>;
  initialValues?: Partial<V>;
  submit: (values: V) => void;
  intro: ReactNode;
  children: ReactNode;
}) {
  return (
    <Modal
      title={title}
      open={dialog.open}
      okText={okText}
      cancelText="取消"
      confirmLoading={mutation.isPending}
      okButtonProps={{ disabled: okDisabled }}
      onCancel={() => dialog.setOpen(false)}
      onOk={() =>
        form
          .validateFields()
          .then(submit)
          .catch(() => {})
      }
      afterOpenChange={(o) => !o && mutation.reset()}
      destroyOnHidden
    >
      {intro}
      {mutation.error ? <Typography.Paragraph type="danger">{errorText(mutation.error)}</Typography.Paragraph> : null}
      <Form form={form} layout="vertical" preserve={false} initialValues={initialValues}>
        {children}
      </Form>
    </Modal>
  );
}

/** A deadline in working days: a whole number from 1 to 30, or said why not (never changed unsaid). */
const workingDaysRules = (label: string) => [
  { required: true, message: `请填写${label}` },
  {
    validator: (_: unknown, v: unknown) =>
      v === null || v === undefined || (Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 30)
        ? Promise.resolve()
        : Promise.reject(new Error(`${label}应为 1 至 30 个工作日（整数）`)),
  },
];

/** Why a step that undoes or redoes one is taken (reopening, taking back): asked for, kept in the audit log. */
function ReasonItem({ action, label, placeholder, testId }: { action: string; label: string; placeholder: string; testId?: string }) {
  return (
    <Form.Item
      name="reason"
      label={label}
      rules={[
        { required: true, whitespace: true, message: `请填写${action}的原因` },
        { max: 500, message: "原因请控制在 500 字以内" },
      ]}
    >
      <Input.TextArea rows={3} count={{ show: true, max: 500 }} placeholder={placeholder} data-testid={testId} />
    </Form.Item>
  );
}

export function OpenPreviewButton({
  cycle,
  label = "开放预览",
  type = "primary",
  staleData,
  unopenedMonths,
  noData: noDataReason,
}: {
  cycle: Cycle;
  label?: string;
  type?: "primary" | "default";
  /** the month's data ends before its assessment time (the ranking's warning): the units would see those orders overdue */
  staleData?: string;
  /** a year's: the months it counts not yet opened to the units (it cannot be opened before them) */
  unopenedMonths?: readonly string[];
  /** a month without data (no unit has an order in it), why: not opened (its full marks are no result to object to) */
  noData?: string;
}) {
  const trpc = useTRPC();
  const { can } = useAuth();
  const { open, setOpen, dialog, succeeded } = useCycleDialog();
  const [form] = Form.useForm<{ objectionDays: number; explanationDays: number; reason?: string }>();
  const reopening = cycle.stage === "published";
  // a year owes no written explanation: its deadline is not asked
  const yearly = isYear(cycle.period);
  // a published month opened again keeps the explanation deadline it had (the server refuses a new one): an explanation
  // submitted late stays late, one never submitted overdue; only a month published without a preview gets its first
  const keptExplanation = reopening && !yearly && cycle.explanationDeadline !== null ? cycle.explanationDeadline : null;
  const here = thisPeriod(cycle.period);
  // a month after the latest with any order (a future month, a typo): the units would see full marks earned by no work
  const latest = useQuery({ ...trpc.units.latestMonth.queryOptions(), enabled: open, staleTime: 60_000 });
  const latestMonth = latest.data?.month ?? null;
  const noData = !yearly && latestMonth !== null && cycle.period > latestMonth;
  // the deadlines these working days give, said before opening (the holiday calendar applied, as the server opens it)
  const objectionDays = Form.useWatch("objectionDays", form) ?? 5;
  const explanationWatched = Form.useWatch("explanationDays", form) ?? 5;
  // none asked (a year, a kept explanation deadline): the calendar's days are then counted over the objections' alone
  const explanationDays = yearly || keptExplanation ? objectionDays : explanationWatched;
  const valid = (n: unknown): n is number => Number.isInteger(n) && (n as number) >= 1 && (n as number) <= 30;
  const asked = valid(objectionDays) && valid(explanationDays);
  const deadlines = useQuery({
    ...trpc.cycle.deadlines.queryOptions({ objectionDays: asked ? objectionDays : 5, explanationDays: asked ? explanationDays : 5 }),
    enabled: open && asked,
    // the last dates shown while the next are on their way, never beside a number they are not of
    placeholderData: (previous) => previous,
  });
  // a period never opened: is there a rubric version to score it by (a published one was, when it was published)
  const inForce = useQuery({
    ...trpc.rubrics.inForce.queryOptions({ period: cycle.period }),
    enabled: can("cycle.manage") && cycle.stage === "closed",
    retry: false,
    staleTime: 60_000,
  });
  const blocked = noDataReason ?? openPreviewBlocked(cycle.period, Boolean(inForce.error && isNotInForce(inForce.error)), unopenedMonths);
  const mutation = useMutation(
    trpc.cycle.openPreview.mutationOptions({
      onSuccess: (c) => succeeded(`${monthLabel(c.period)}已向各单位开放预览，异议截至 ${isoTime(c.objectionDeadline)}`),
    }),
  );
  if (!can("cycle.manage") || cycle.stage === "preview" || cycle.stage === "notice") return null;
  return (
    <>
      <Tooltip title={blocked}>
        <Button type={type} icon={<UnlockOutlined />} onClick={() => setOpen(true)} disabled={blocked !== null} data-testid="open-preview">
          {reopening ? "重新开放异议" : label}
        </Button>
      </Tooltip>
      <CycleModal
        title={`${reopening ? "重新开放" : "向各单位开放"}${monthLabel(cycle.period)}考核结果`}
        okText={reopening ? "重新开放" : "开放预览"}
        dialog={dialog}
        mutation={mutation}
        form={form}
        initialValues={{ objectionDays: 5, explanationDays: 5 }}
        okDisabled={noData}
        submit={(v) =>
          mutation.mutate({
            period: cycle.period,
            objectionDays: v.objectionDays,
            explanationDays: yearly || keptExplanation ? undefined : v.explanationDays,
            reason: v.reason?.trim() || undefined,
          })
        }
        intro={
          <>
            <Typography.Paragraph>
              {yearly
                ? "开放后，各单位可查看本单位的年终成绩、排名与综合管理各项扣分，在期限内对考核事件或其他事项提出异议。"
                : "开放后，各单位可查看本单位本月的得分与排名，在期限内提交书面说明、提出异议。"}
              期限从今天起按工作日计算（周一至周五；导入了节假日安排的，跳过放假日、计入调休上班日）。
            </Typography.Paragraph>
            {reopening && (
              <Typography.Paragraph type="warning">{here}已发布。重新开放后，现行发布结果保持有效，直至处理完异议后重新发布。</Typography.Paragraph>
            )}
            {staleData && (
              <DialogWarning
                testId="preview-data-before-as-of"
                title={
                  yearly
                    ? "数据早于计入本年度的月份的考核时点：开放后各单位会看到这些工单计为超期，并计入年终成绩"
                    : "数据早于本月的考核时点：开放后各单位会看到这些工单计为超期"
                }
                description={staleData}
              />
            )}
            {noData && (
              <DialogWarning
                testId="preview-no-data"
                title={`${monthLabel(cycle.period)}还没有工单数据（最近有数据的月份是${monthLabel(latestMonth)}），不能向各单位开放`}
                description="无数据的月份不计分、不排名，没有可供各单位查看、提出异议的结果。请先在“数据”页导入本月工单，或确认选对了月份。"
              />
            )}
          </>
        }
      >
        <Space size={24} wrap>
          {/* no min/max on the inputs: they would turn 0 into 1 unsaid; out of range is said instead */}
          <Form.Item name="objectionDays" label="异议期限（工作日）" rules={workingDaysRules("异议期限")}>
            <InputNumber style={{ width: 140 }} data-testid="objection-days" />
          </Form.Item>
          {!yearly && !keptExplanation && (
            <Form.Item name="explanationDays" label="书面说明期限（工作日）" rules={workingDaysRules("书面说明期限")}>
              <InputNumber style={{ width: 140 }} data-testid="explanation-days" />
            </Form.Item>
          )}
        </Space>
        {asked && deadlines.data && (
          <Typography.Paragraph type="secondary" data-testid="opening-deadlines">
            {openingDeadlinesText(deadlines.data, yearly || keptExplanation !== null)}
          </Typography.Paragraph>
        )}
        {keptExplanation && (
          <Typography.Paragraph type="secondary" data-testid="kept-explanation-deadline">
            书面说明期限不变，仍截至 {isoTime(keptExplanation)}：重新开放只受理异议，逾期提交或逾期未交书面说明的仍记为逾期。
          </Typography.Paragraph>
        )}
        {reopening && <ReasonItem action="重新开放" label="重新开放原因" placeholder="例如：某单位发布后提出新的异议材料，需复核" />}
      </CycleModal>
    </>
  );
}

/**
 * Take back a month opened to the units by mistake (the wrong month chosen), while no unit has acted on it; with
 * the reason. Offered while the month is opened and was never published; the server says so if a unit has acted.
 */
export function WithdrawPreviewButton({ cycle }: { cycle: Cycle }) {
  const trpc = useTRPC();
  const { can } = useAuth();
  const { setOpen, dialog, succeeded } = useCycleDialog();
  const [form] = Form.useForm<{ reason: string }>();
  const mutation = useMutation(
    trpc.cycle.withdrawPreview.mutationOptions({
      onSuccess: (c) => succeeded(`已撤回${monthLabel(c.period)}的开放：各单位不再能查看${thisPeriod(c.period)}结果`),
    }),
  );
  if (!can("cycle.manage") || (cycle.stage !== "preview" && cycle.stage !== "notice") || cycle.publication !== null) return null;
  return (
    <>
      <Button icon={<RollbackOutlined />} onClick={() => setOpen(true)} data-testid="withdraw-preview">
        撤回开放
      </Button>
      <CycleModal
        title={`撤回${monthLabel(cycle.period)}的开放`}
        okText="撤回开放"
        dialog={dialog}
        mutation={mutation}
        form={form}
        submit={(v) => mutation.mutate({ period: cycle.period, reason: v.reason.trim() })}
        intro={
          <Typography.Paragraph>
            撤回后{thisPeriod(cycle.period)}回到“未开放”：各单位不再能查看{thisPeriod(cycle.period)}
            结果，也不会收到有关通知。只有在还没有单位提交异议{isYear(cycle.period) ? "" : "或书面说明"}时才能撤回；已有单位提交的，请处理后发布。
          </Typography.Paragraph>
        }
      >
        <ReasonItem action="撤回开放" label="撤回原因" placeholder="例如：选错了月份，应开放上月" testId="withdraw-preview-reason" />
      </CycleModal>
    </>
  );
}

export function StartNoticeButton({ cycle }: { cycle: Cycle }) {
  const trpc = useTRPC();
  const { can } = useAuth();
  const { setOpen, dialog, succeeded } = useCycleDialog();
  const [form] = Form.useForm<{ until: Dayjs }>();
  const mutation = useMutation(
    trpc.cycle.startNotice.mutationOptions({
      onSuccess: (c) => succeeded(`${monthLabel(c.period)}考核结果开始公示，至 ${isoTime(c.noticeUntil)}`),
    }),
  );
  if (!can("cycle.manage") || cycle.stage !== "preview") return null;
  return (
    <>
      <Button icon={<NotificationOutlined />} onClick={() => setOpen(true)} data-testid="start-notice">
        开始公示
      </Button>
      <CycleModal
        title={`公示${monthLabel(cycle.period)}考核结果`}
        okText="开始公示"
        dialog={dialog}
        mutation={mutation}
        form={form}
        submit={(v) => mutation.mutate({ period: cycle.period, until: v.until.format("YYYY-MM-DD") })}
        intro={<Typography.Paragraph>公示期间各单位仍可查看本单位结果；异议截止时间不变。公示期满后即可发布。</Typography.Paragraph>}
      >
        <Form.Item name="until" label="公示截止日期" rules={[{ required: true, message: "请选择公示截止日期" }]} extra="截至当日 24 时（北京时间）">
          <DatePicker format={DAY_FORMATS} disabledDate={disabledPast} style={{ width: 200 }} placeholder="选择日期" />
        </Form.Item>
      </CycleModal>
    </>
  );
}

export function SetDeadlinesButton({ cycle }: { cycle: Cycle }) {
  const trpc = useTRPC();
  const { can } = useAuth();
  const { message } = App.useApp();
  const { setOpen, dialog, succeeded } = useCycleDialog();
  const [form] = Form.useForm<{ objection?: Dayjs | null; explanation?: Dayjs | null }>();
  const mutation = useMutation(
    trpc.cycle.setDeadlines.mutationOptions({
      onSuccess: () => succeeded("期限已修改"),
    }),
  );
  if (!can("cycle.manage") || (cycle.stage !== "preview" && cycle.stage !== "notice")) return null;
  const day = (iso: string | null) => (iso ? dayjs(beijingDate(iso)) : null);
  const submit = (v: { objection?: Dayjs | null; explanation?: Dayjs | null }) => {
    const objection = v.objection?.format("YYYY-MM-DD");
    const explanation = v.explanation?.format("YYYY-MM-DD");
    const changed = {
      ...(objection && objection !== (cycle.objectionDeadline && beijingDate(cycle.objectionDeadline)) ? { objectionDeadline: objection } : {}),
      ...(explanation && explanation !== (cycle.explanationDeadline && beijingDate(cycle.explanationDeadline)) ? { explanationDeadline: explanation } : {}),
    };
    if (Object.keys(changed).length === 0) {
      message.info("期限没有改变");
      return;
    }
    mutation.mutate({ period: cycle.period, ...changed });
  };
  return (
    <>
      <Button icon={<CalendarOutlined />} onClick={() => setOpen(true)} data-testid="set-deadlines">
        修改期限
      </Button>
      <CycleModal
        title={`修改${monthLabel(cycle.period)}的期限`}
        okText="保存"
        dialog={dialog}
        mutation={mutation}
        form={form}
        initialValues={{ objection: day(cycle.objectionDeadline), explanation: day(cycle.explanationDeadline) }}
        submit={submit}
        intro={<Typography.Paragraph type="secondary">截至所选日期当日 24 时（北京时间）。</Typography.Paragraph>}
      >
        <Space size={24} wrap>
          <Form.Item name="objection" label="异议截止日期">
            <DatePicker format={DAY_FORMATS} disabledDate={disabledPast} style={{ width: 180 }} placeholder="选择日期" />
          </Form.Item>
          {!isYear(cycle.period) && (
            <Form.Item name="explanation" label="书面说明截止日期">
              <DatePicker format={DAY_FORMATS} disabledDate={disabledPast} style={{ width: 180 }} placeholder="选择日期" />
            </Form.Item>
          )}
        </Space>
      </CycleModal>
    </>
  );
}
