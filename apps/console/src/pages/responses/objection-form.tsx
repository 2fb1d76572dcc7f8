/**
 * 提出异议: against the unit's orders (a preset says what to correct), its
 * events, or in free text; with the reason and attachments. The server checks
 * the deadline and that each record is the unit's; its refusal is shown as it
 * says it.
 */

import { TEXT_LIMITS } from "@kaohe/services/text-limits";
import { isYear } from "@kaohe/time";
import { skipToken, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Drawer, Form, Input, InputNumber, Radio, Select, Space, Typography } from "antd";
import dayjs from "dayjs";
import { useCallback, useEffect, useRef, useState } from "react";
import { useCenterName } from "../../components/center-name.tsx";
import { DeadlineField } from "../../components/deadline-field.tsx";
import { AttachmentField } from "../../components/responses/attachment-field.tsx";
import { LIMITS_TEXT } from "../../components/responses/attachments.ts";
import type { ObjectionSubject } from "../../components/responses/types.ts";
import {
  buildChanges,
  EVENT_PRESETS,
  type EventPreset,
  ORDER_PRESETS,
  type OrderPreset,
  presetFields,
  SATISFACTION_LEVELS,
} from "../../components/responses/workflow.ts";
import type { DrilldownRow, UnitDetail } from "../../components/results/types.ts";
import { atLeastCharacters } from "../../lib/form-rules.ts";
import { monthLabel, thisPeriod } from "../../lib/format.ts";
import { useLeaveGuard } from "../../lib/leave-guard.ts";
import { useSingleFlight } from "../../lib/single-flight.ts";
import { errorText, useTRPC } from "../../lib/trpc.ts";
import { pickerMeasures } from "./measures.ts";
import { RecordPicker } from "./record-picker.tsx";

interface Values {
  subject: ObjectionSubject;
  records?: string[];
  preset?: OrderPreset | EventPreset;
  /** epoch ms (DeadlineField) */
  extendedTo?: number | null;
  visited?: boolean | null;
  processSatisfaction?: string | null;
  resultSatisfaction?: string | null;
  count?: number | null;
  points?: number | null;
  reason: string;
  attachments?: string[];
}

const yesNo = [
  { value: true, label: "是" },
  { value: false, label: "否" },
];
const levels = SATISFACTION_LEVELS.map((l) => ({ value: l, label: l }));

/** The reason's example, for what the objection is about. */
const REASON_EXAMPLE: Record<"orders" | "events" | "other", string> = {
  orders: "写明事实与依据，例如：该工单属县住建局职责，已于 11 月 5 日申请回退",
  events: "写明事实与依据，例如：该行政不作为事件经复核不属实，复核意见见附件",
  other: "写明事实与依据，例如：本月满意率的计算口径与考核办法不一致，请复核",
};

/** A record the form opens on, chosen (提出异议 on a drill-down's row): which, and the count it was listed under. */
export interface RecordFocus {
  record: "orders" | "events";
  id: string;
  measure: string;
}

/**
 * The record an address names (?object=orders:HT-A3&measure=超期件数), or null for anything else: the form then opens
 * with nothing chosen. Whether it is the unit's and the month's is asked of the server before it is chosen.
 */
export function focusFromQuery(object: string | null, measure: string | null): RecordFocus | null {
  const m = /^(orders|events):(.+)$/s.exec(object ?? "");
  // the server takes a search of up to 100 characters and a count's name of up to 200
  if (!m?.[1] || !m[2] || m[2].trim() !== m[2] || m[2].length > 100 || !measure || measure.length > 200) return null;
  return { record: m[1] as RecordFocus["record"], id: m[2], measure };
}

export function ObjectionDrawer({
  open,
  onClose,
  period,
  unitCode,
  detail,
  assessment,
  focus,
}: {
  open: boolean;
  onClose: () => void;
  period: string;
  unitCode: string;
  /** the result whose records the picker offers: a year's, that of the assessment it weighs (综合管理) */
  detail: UnitDetail | undefined;
  /** that assessment, when not the period's main one */
  assessment?: string;
  /** a record to open on, chosen (from a drill-down's 提出异议): chosen only once the server lists it under its count */
  focus?: RecordFocus | null;
}) {
  // a year's objection is to its events or in free text: an order is objected to in its month
  const yearly = isYear(period);
  const center = useCenterName();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const subject = Form.useWatch("subject", form) ?? (yearly ? "events" : "orders");
  const preset = Form.useWatch("preset", form);
  const [uploading, setUploading] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  // an objection half written (its reason, the records chosen, a file attached): the browser asks before a reload or
  // close, the console before another page, as it does for a written explanation
  // the drawer keeps what was written when it is closed (to be taken up again), so the guard holds while the page does:
  // closed, the half-written reason was lost to another page without a word
  const opened = useRef(false);
  if (open) opened.current = true;
  useLeaveGuard(() => {
    if (!opened.current) return false;
    const v = form.getFieldsValue(["reason", "records", "attachments"]) as Partial<Values>;
    return (v.reason ?? "").trim() !== "" || (v.records ?? []).length > 0 || (v.attachments ?? []).length > 0 || uploading;
  }, "未提交的异议");
  // the values of the records listed, to ask only for what differs
  const known = useRef(new Map<string, Record<string, unknown>>());
  const onRows = useCallback((rows: DrilldownRow[]) => {
    for (const r of rows) known.current.set(r.id, r as unknown as Record<string, unknown>);
  }, []);

  // the record asked for, looked up under its count: chosen when listed there (the unit's, counted this period); an
  // unknown or mistyped one is not chosen, and the form opens as from 提出异议 (a refusal here would say nothing useful)
  const wanted = focus && !(yearly && focus.record === "orders") ? focus : null;
  const lookup = useQuery({
    ...trpc.scores.drilldown.queryOptions(
      open && wanted ? { period, unitCode, assessment, measure: wanted.measure, page: 1, pageSize: 8, search: wanted.id } : skipToken,
    ),
    retry: false,
  });
  const found = wanted && lookup.data?.rows.some((r) => r.id === wanted.id) ? wanted : null;
  const chosen = useRef<RecordFocus | null>(null);
  useEffect(() => {
    if (!found || chosen.current === found || !lookup.data) return;
    chosen.current = found;
    onRows(lookup.data.rows);
    form.setFieldsValue({ subject: found.record, records: [found.id], preset: undefined });
  }, [found, lookup.data, onRows, form]);

  const raise = useMutation(
    trpc.objections.raise.mutationOptions({
      onSuccess: async (o) => {
        message.success(`异议 #${o.id} 已提交，${center}处理后将在此通知本单位`);
        form.resetFields();
        setRefusal(null);
        onClose();
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.objections.pathKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.inbox.pathKey() }),
        ]);
      },
      onError: (err) => setRefusal(errorText(err)),
    }),
  );

  const once = useSingleFlight();
  const submit = once(async () => {
    setRefusal(null);
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    if (uploading) {
      message.warning("附件仍在上传，请稍候再提交");
      return;
    }
    let changes: ReturnType<typeof buildChanges> = [];
    if (v.subject !== "other" && v.preset) {
      const fields = presetFields(v.preset, {
        extendedTo: v.extendedTo ?? null,
        visited: v.visited,
        processSatisfaction: v.processSatisfaction,
        resultSatisfaction: v.resultSatisfaction,
        count: v.count,
        points: v.points,
      });
      if (typeof fields === "string") {
        setRefusal(fields);
        return;
      }
      changes = buildChanges(v.subject, v.records ?? [], fields, known.current);
    }
    // a refusal is shown by onError
    await raise.mutateAsync({ period, subject: v.subject, changes, reason: v.reason.trim(), attachments: v.attachments ?? [] }).catch(() => undefined);
  });

  const noun = subject === "events" ? "考核事件" : "工单";
  const presets = subject === "events" ? EVENT_PRESETS : ORDER_PRESETS;
  const hint = presets.find((p) => p.value === preset)?.hint;

  return (
    <Drawer
      title={`对${monthLabel(period)}考核结果提出异议`}
      open={open}
      size={860}
      onClose={onClose}
      destroyOnHidden
      footer={
        <Space orientation="vertical" size={8} style={{ width: "100%" }}>
          {refusal && <Alert type="error" showIcon title={`异议未能提交：${refusal}`} data-testid="objection-refusal" />}
          <Space style={{ width: "100%", justifyContent: "flex-end" }}>
            <Button onClick={onClose}>取消</Button>
            <Button type="primary" onClick={submit} loading={raise.isPending} disabled={uploading} data-testid="objection-submit">
              提交异议
            </Button>
          </Space>
        </Space>
      }
    >
      <Form form={form} layout="vertical" initialValues={{ subject: yearly ? "events" : "orders" }} requiredMark="optional" data-testid="objection-form">
        <Form.Item name="subject" label="异议对象" rules={[{ required: true, message: "请选择异议对象" }]}>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            options={[...(yearly ? [] : [{ value: "orders", label: "工单" }]), { value: "events", label: "考核事件" }, { value: "other", label: "其他" }]}
            onChange={() => form.setFieldsValue({ records: [], preset: undefined })}
          />
        </Form.Item>
        {subject !== "other" ? (
          <>
            <Form.Item
              name="records"
              label={`有异议的${noun}`}
              rules={[{ required: true, type: "array", min: 1, message: `请选择或输入有异议的${noun}` }]}
              extra={`只能对本单位${thisPeriod(period)}计入考核的${noun}提出异议${yearly ? "（对某月工单的异议，请在该月结果开放时提出）" : ""}`}
            >
              <RecordPicker
                key={`${subject}:${found?.id ?? ""}`}
                record={subject === "events" ? "events" : "orders"}
                period={period}
                unitCode={unitCode}
                assessment={assessment}
                measures={pickerMeasures(detail, subject === "events" ? "events" : "orders")}
                onRows={onRows}
                // the count and the number it was chosen from, so the list shows it ticked
                initial={found && found.record === subject ? { measure: found.measure, search: found.id } : undefined}
              />
            </Form.Item>
            <Form.Item name="preset" label="应更正为" rules={[{ required: true, message: "请选择应更正的内容" }]} extra={hint}>
              <Radio.Group options={presets.map((p) => ({ value: p.value, label: p.label }))} />
            </Form.Item>
            {preset === "extended" && (
              <Form.Item
                name="extendedTo"
                label="批准延期至（北京时间）"
                rules={[{ required: true, message: "请选择或输入批准延期至的日期（如 2018-12-15）" }]}
                extra="只填日期即延期至当日 24 时；批准的期限有具体时刻时再填时间"
              >
                <DeadlineField defaultPickerValue={dayjs(`${period}-01`)} />
              </Form.Item>
            )}
            {preset === "visit" && (
              <Space size={16} wrap>
                <Form.Item name="visited" label="是否已回访">
                  <Select allowClear options={yesNo} placeholder="不更正" style={{ width: 140 }} />
                </Form.Item>
                <Form.Item name="processSatisfaction" label="过程满意度">
                  <Select allowClear options={levels} placeholder="不更正" style={{ width: 160 }} />
                </Form.Item>
                <Form.Item name="resultSatisfaction" label="结果满意度">
                  <Select allowClear options={levels} placeholder="不更正" style={{ width: 160 }} />
                </Form.Item>
              </Space>
            )}
            {preset === "wrongCount" && (
              <Space size={16} wrap>
                <Form.Item name="count" label="次数应为">
                  <InputNumber min={0} precision={0} placeholder="不更正" style={{ width: 140 }} />
                </Form.Item>
                <Form.Item name="points" label="分值应为">
                  <InputNumber step={0.5} placeholder="不更正" style={{ width: 140 }} />
                </Form.Item>
              </Space>
            )}
          </>
        ) : (
          <Typography.Paragraph type="secondary">请在异议理由中写明有异议的内容与依据；{center}核实后，如需更正数据将在处理意见中说明。</Typography.Paragraph>
        )}
        <Form.Item
          name="reason"
          label="异议理由"
          rules={[
            { required: true, whitespace: true, message: "请写明异议的理由" },
            atLeastCharacters(5, "请写明异议的理由（至少 5 个字）"),
            { max: TEXT_LIMITS.objectionReason.max, message: TEXT_LIMITS.objectionReason.zh },
          ]}
        >
          <Input.TextArea rows={5} count={{ show: true, max: TEXT_LIMITS.objectionReason.max }} placeholder={REASON_EXAMPLE[subject]} />
        </Form.Item>
        <Form.Item name="attachments" label="附件" extra={LIMITS_TEXT}>
          <AttachmentField onBusyChange={setUploading} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
