/**
 * 须书面说明: why the unit owes a written explanation this month (the
 * sanction and its measures, each leading to its records), the form to write
 * it, and once submitted where it stands — with the center's response once read.
 */

import { TEXT_LIMITS } from "@kaohe/services/text-limits";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Card, Checkbox, Descriptions, Form, Input, Space, Typography } from "antd";
import { useState } from "react";
import { fileSize } from "../../components/data/files.ts";
import { AttachmentField } from "../../components/responses/attachment-field.tsx";
import { AttachmentLinks } from "../../components/responses/attachment-links.tsx";
import { LIMITS_TEXT, MAX_ATTACHMENTS } from "../../components/responses/attachments.ts";
import { Deadline } from "../../components/responses/cycle.tsx";
import { ChangedSinceNotice, DutyReasons, reasonsText } from "../../components/responses/reasons.tsx";
import { ExplanationStateTag } from "../../components/responses/tags.tsx";
import type { Cycle, Duty, Explanation, SanctionReason } from "../../components/responses/types.ts";
import { explanationExample } from "../../components/responses/workflow.ts";
import { atLeastCharacters } from "../../lib/form-rules.ts";
import { isoTime } from "../../lib/format.ts";
import { useLeaveGuard } from "../../lib/leave-guard.ts";
import { useSingleFlight } from "../../lib/single-flight.ts";
import { errorText, useTRPC } from "../../lib/trpc.ts";
import "../../components/responses/responses.css";
import { useCenterName } from "../../components/center-name.tsx";

/** The explanation form: its text, files uploaded for it, and on a revision the earlier files kept. */
interface Values {
  text: string;
  attachments?: string[];
  keep?: number[];
}

function ExplanationForm({
  period,
  reasons,
  revising,
  onDone,
}: {
  period: string;
  /** why the unit owes it: the example names the unit's own figures */
  reasons: readonly SanctionReason[];
  revising: Explanation | null;
  onDone: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  // a revision: the attachments submitted before, each kept unless unticked (then removed with the revision)
  const earlier = revising?.attachments ?? [];
  const [uploading, setUploading] = useState(false);
  const once = useSingleFlight();
  // text typed or a file attached, not yet submitted: leaving asks first
  const [submitted, setSubmitted] = useState(false);
  useLeaveGuard(() => {
    if (submitted) return false;
    const v = form.getFieldsValue(["text", "attachments", "keep"]) as Partial<Values>;
    const keep = v.keep ?? earlier.map((a) => a.id);
    return (v.text ?? "").trim() !== (revising?.text ?? "").trim() || (v.attachments ?? []).length > 0 || keep.length < earlier.length || uploading;
  }, "未提交的书面说明");
  const submit = useMutation(
    trpc.explanations.submit.mutationOptions({
      onSuccess: async () => {
        setSubmitted(true);
        message.success(revising ? "书面说明已重新提交" : "书面说明已提交");
        onDone();
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.explanations.pathKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.inbox.pathKey() }),
        ]);
      },
    }),
  );
  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={{ text: revising?.text ?? "", keep: earlier.map((a) => a.id) }}
      onFinish={once(async (v) => {
        if (uploading) {
          message.warning("附件仍在上传，请稍候再提交");
          return;
        }
        // the submission this form was opened on (none: a first one): one made meanwhile, in another tab, is not overwritten
        await submit
          .mutateAsync({
            period,
            text: v.text.trim(),
            attachments: v.attachments ?? [],
            replacing: revising?.submittedAt ?? null,
            ...(earlier.length > 0 ? { keepAttachments: v.keep ?? [] } : {}),
          })
          .catch(() => undefined);
      })}
      data-testid="explanation-form"
    >
      {submit.error && <Alert type="error" showIcon title="书面说明未能提交" description={errorText(submit.error)} style={{ marginBottom: 12 }} />}
      <Form.Item
        name="text"
        label="书面说明"
        rules={[
          { required: true, whitespace: true, message: "请填写书面说明" },
          atLeastCharacters(10, "书面说明至少写 10 个字：说明原因与整改情况"),
          // the server's limit, said here before anything is sent (as the objection form does)
          { max: TEXT_LIMITS.explanation.max, message: TEXT_LIMITS.explanation.zh },
        ]}
        extra="说明超时办结、问题反弹等情况的原因，以及已采取的整改措施"
      >
        <Input.TextArea rows={8} count={{ show: true, max: TEXT_LIMITS.explanation.max }} placeholder={explanationExample(period, reasons)} />
      </Form.Item>
      {earlier.length > 0 && (
        <Form.Item name="keep" label="已提交的附件" extra="取消勾选的附件在重新提交时删除；勾选的保留">
          <Checkbox.Group
            data-testid="explanation-keep"
            options={earlier.map((a) => ({ value: a.id, label: `${a.fileName}（${fileSize(a.size)}）` }))}
            style={{ display: "flex", flexDirection: "column", gap: 4 }}
          />
        </Form.Item>
      )}
      <Form.Item
        name="attachments"
        label={revising ? "追加附件" : "附件"}
        extra={earlier.length > 0 ? `${LIMITS_TEXT}；新上传的附件追加在保留的附件之后` : LIMITS_TEXT}
      >
        <AttachmentField onBusyChange={setUploading} max={MAX_ATTACHMENTS} />
      </Form.Item>
      <Space>
        <Button type="primary" htmlType="submit" loading={submit.isPending} disabled={uploading} data-testid="explanation-submit">
          {revising ? "重新提交书面说明" : "提交书面说明"}
        </Button>
        {revising && <Button onClick={onDone}>取消修改</Button>}
      </Space>
    </Form>
  );
}

function Submitted({ e, hideText }: { e: Explanation; hideText?: boolean }) {
  const center = useCenterName();
  return (
    <Space orientation="vertical" size={12} style={{ width: "100%" }} data-testid="explanation-submitted">
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2, md: 3 }}
        items={[
          { key: "by", label: "提交人", children: e.submittedBy },
          { key: "at", label: "提交时间", children: isoTime(e.submittedAt) },
          { key: "files", label: "附件", children: <AttachmentLinks attachments={e.attachments} /> },
        ]}
      />
      {!hideText && (
        <div className="kh-text-block" data-testid="explanation-text">
          {e.text}
        </div>
      )}
      {e.status === "acknowledged" && (
        <Alert
          type="success"
          showIcon
          title={`${center}已阅（${e.acknowledgedBy ?? ""} ${isoTime(e.acknowledgedAt)}）`}
          description={e.response ? `回复：${e.response}` : "无回复意见"}
          data-testid="explanation-response"
        />
      )}
    </Space>
  );
}

export function ExplanationCard({ period, unitCode, duty, cycle }: { period: string; unitCode: string; duty: Duty; cycle: Cycle }) {
  const [revising, setRevising] = useState(false);
  const center = useCenterName();
  const e = duty.explanation;
  const writing = !e || revising;
  return (
    <Card
      title={
        <Space size={10}>
          <span>须书面说明</span>
          <ExplanationStateTag state={duty.state} label={duty.stateLabel} />
        </Space>
      }
      extra={
        cycle.explanationDeadline && (
          <span className="kh-meta">
            提交期限：
            <Deadline
              iso={cycle.explanationDeadline}
              testId="explanation-card-deadline"
              over={e ? (duty.state === "late" ? "逾期提交" : "已按期提交") : undefined}
            />
          </span>
        )
      }
      data-testid="explanation-card"
    >
      <Space orientation="vertical" size={16} style={{ width: "100%" }}>
        <div>
          {duty.owedNow ? (
            <>
              <Typography.Paragraph type="secondary" style={{ marginBottom: 6 }}>
                依考核办法，本单位本月存在以下情况，须向{center}书面说明（点击数字可查看对应的工单或事件）：
              </Typography.Paragraph>
              <DutyReasons reasons={duty.reasons} unitCode={unitCode} period={period} />
            </>
          ) : (
            <Alert
              type="success"
              showIcon
              title={duty.notAssessed ? `本单位本月不参加考核（${duty.notAssessed}），已无须书面说明` : "按更正后的数据，本单位本月已无须书面说明"}
              description={`提交时的情况：${reasonsText(duty.reasons)}（已提交的说明仍予保存）`}
              data-testid="explanation-no-longer-owed"
            />
          )}
        </div>
        {duty.state === "overdue" && (
          <Alert type="error" showIcon title="书面说明提交期限已过" description="现在提交将记为逾期提交。" data-testid="explanation-overdue" />
        )}
        {e && <Submitted e={e} hideText={revising} />}
        {e && duty.owedNow && <ChangedSinceNotice then={e.reasons} now={duty.reasons} viewer="unit" editable={e.status !== "acknowledged"} />}
        {e && e.status !== "acknowledged" && !revising && (
          <Space>
            <Button onClick={() => setRevising(true)} data-testid="explanation-revise">
              修改书面说明
            </Button>
            <Typography.Text type="secondary">{center}阅知前可以修改</Typography.Text>
          </Space>
        )}
        {writing && e?.status !== "acknowledged" && (
          <ExplanationForm period={period} reasons={duty.reasons} revising={revising ? e : null} onDone={() => setRevising(false)} />
        )}
      </Space>
    </Card>
  );
}
