/**
 * 登记考核事件: one verified event entered in a form, not typed into a spreadsheet first. The event types offered
 * are those of the rubric in force for the event's month (with their points); the server imports the event as a
 * one-row events file, so the page follows it as it follows an upload (progress, report, problems, undo).
 */
import { IMPORT_LIMITS } from "@kaohe/data/limits";
import { useMutation, useQuery } from "@tanstack/react-query";
import { Alert, DatePicker, Form, Input, InputNumber, Select } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useEffect } from "react";
import { CHINESE_DAY_FORMATS } from "../../lib/format.ts";
import { type RouterOutputs, useTRPC } from "../../lib/trpc.ts";
import { EntryModal, type EntryProps, useEntrySubmit } from "./entry-modal.tsx";

interface Fields {
  unit: string;
  date: Dayjs;
  type: string;
  count: number;
  points: number | null;
  orderId?: string;
  note?: string;
}

type EventType = NonNullable<RouterOutputs["imports"]["eventTypes"]>["types"][number];

/** How a type reads in the list: its description, its code, and what one occurrence counts. */
const eventTypeOption = (t: EventType) => {
  const verb = t.direction === "deduct" ? "扣" : t.direction === "add" ? "加" : "";
  return `${t.label ?? t.name}（${t.name}，${t.points === null ? `分值按记录${verb ? `，${verb}分` : ""}` : `每次${verb} ${t.points} 分`}）`;
};

export function EventEntryModal({ open, onClose, onStarted }: EntryProps) {
  const trpc = useTRPC();
  const [form] = Form.useForm<Fields>();
  const date = Form.useWatch("date", form);
  const chosen = Form.useWatch("type", form);
  const day = (date ?? dayjs()).format("YYYY-MM-DD");
  const month = day.slice(0, 7);
  const units = useQuery({ ...trpc.units.list.queryOptions(), enabled: open });
  // asked with the day: what each type counts in then, and the newest order's day (the last answer kept meanwhile)
  const declared = useQuery({
    ...trpc.imports.eventTypes.queryOptions({ month, date: day }),
    enabled: open,
    placeholderData: (previous) => previous,
  });
  const record = useMutation(trpc.imports.recordEvent.mutationOptions());
  const types = declared.data?.types ?? [];
  const type = types.find((t) => t.name === chosen);
  // the day is the one the event counts by: entered in January for last year's checklist and left at today, it counted
  // in the new year and nothing said so (a walk). What it counts in, and a day after all the data imported, said
  const countsIn = type?.countsIn ?? [];
  const latestOrder = declared.data?.latestOrder ?? null;
  const afterData = latestOrder !== null && day > latestOrder;
  // a day in a month whose rubric lacks the type chosen: the choice is cleared, not sent to be refused
  useEffect(() => {
    if (chosen && declared.data !== undefined && !(declared.data?.types ?? []).some((t) => t.name === chosen)) form.setFieldValue("type", undefined);
  }, [chosen, declared.data, form]);

  const send = useEntrySubmit(form, { onStarted, onClose });
  const submit = (v: Fields) =>
    send(
      () =>
        record.mutateAsync({
          unit: v.unit,
          date: v.date.format("YYYY-MM-DD"),
          type: v.type,
          count: v.count,
          points: type?.points === null ? v.points : null,
          orderId: v.orderId ?? null,
          note: v.note ?? null,
        }),
      ({ eventId }) => `已提交登记（事件编号 ${eventId}），导入结果见下方`,
    );

  return (
    <EntryModal
      open={open}
      onClose={onClose}
      title="登记考核事件"
      okText="登记"
      submit={() => form.submit()}
      pending={record.isPending}
      okDisabled={declared.data === null}
      intro="查证属实的考核事件（如行政不作为、推诿扯皮、无故缺席会议）可在此逐件登记，与导入事件文件相同：按规则计分，在导入记录中列出，可撤销。"
    >
      <Form<Fields>
        form={form}
        layout="vertical"
        initialValues={{ date: dayjs(), count: 1 }}
        onFinish={submit}
        requiredMark="optional"
        data-testid="event-entry"
      >
        <Form.Item name="unit" label="单位" rules={[{ required: true, message: "请选择单位" }]}>
          <Select
            showSearch={{ optionFilterProp: "label" }}
            placeholder="输入名称或编码查找"
            loading={units.isPending}
            options={(units.data ?? []).map((u) => ({ value: u.code, label: `${u.name}（${u.code}）` }))}
            data-testid="event-unit"
          />
        </Form.Item>
        <Form.Item
          name="date"
          label="日期"
          rules={[{ required: true, message: "请选择日期" }]}
          extra={
            type && !declared.isPlaceholderData ? (
              <span data-testid="event-counts-in">
                {countsIn.length > 0 ? `按此日期，该事件计入${countsIn.join("、")}` : "按此日期施行的规则，该类事件不计入任何考核项目的扣分或加分"}
              </span>
            ) : (
              "事件按此日期计入考核：请填写事件发生或查实的日期"
            )
          }
        >
          <DatePicker allowClear={false} format={CHINESE_DAY_FORMATS} style={{ width: "100%" }} data-testid="event-date" />
        </Form.Item>
        {afterData && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            data-testid="event-date-after-data"
            title={`所选日期 ${day} 晚于已导入的最新工单数据（${latestOrder}）`}
            description={`事件按所选日期计入${countsIn.length > 0 ? countsIn.join("、") : `${day.slice(0, 4)}年的考核`}。如登记的是上一考核期（如上一年度年终检查）查实的事件，请改选当时的日期，否则它不计入该期。`}
          />
        )}
        {declared.data === null && (
          <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={`${month} 没有施行的规则版本：请先发布适用于该月的规则，或改选日期`} />
        )}
        <Form.Item
          name="type"
          label="事件类型"
          rules={[{ required: true, message: "请选择事件类型" }]}
          extra={declared.data ? `${declared.data.period}施行的${declared.data.rubric}定义的事件类型` : undefined}
        >
          <Select
            showSearch={{ optionFilterProp: "label" }}
            placeholder="选择事件类型"
            loading={declared.isPending}
            options={types.map((t) => ({ value: t.name, label: eventTypeOption(t) }))}
            data-testid="event-type"
          />
        </Form.Item>
        {/* no min/max on the input: antd would silently turn a typed 0 into 1 on blur and register an occurrence */}
        <Form.Item
          name="count"
          label="次数"
          rules={[
            { required: true, message: "请填写次数" },
            { type: "integer", min: 1, max: IMPORT_LIMITS.count, message: `次数应为 1 到 ${IMPORT_LIMITS.count} 的整数` },
          ]}
        >
          <InputNumber precision={0} style={{ width: 160 }} data-testid="event-count" />
        </Form.Item>
        {type?.points === null && (
          <Form.Item
            name="points"
            label="分值"
            rules={[
              { required: true, message: "该类事件按记录的分值计分，请填写分值" },
              { type: "number", min: 0, max: IMPORT_LIMITS.count, message: `分值应在 0 到 ${IMPORT_LIMITS.count} 之间` },
            ]}
            extra="该类事件按查证情况定分值"
          >
            <InputNumber style={{ width: 160 }} data-testid="event-points" />
          </Form.Item>
        )}
        <Form.Item name="orderId" label="关联工单编号">
          <Input maxLength={100} placeholder="选填" data-testid="event-order" />
        </Form.Item>
        <Form.Item name="note" label="说明">
          <Input.TextArea maxLength={2000} rows={3} placeholder="选填：查证情况、通报文号等" data-testid="event-note" />
        </Form.Item>
      </Form>
    </EntryModal>
  );
}
