/**
 * 年度事项填报: a unit's year-end checklist (综合管理: 成立领导小组, 建立专线网络 …) entered in a form, not typed into a
 * facts spreadsheet first. The items offered are the yearly facts the rubric in force for the year declares, each with
 * the value stored for the unit (or what is scored without one); the server imports the values set as a facts file,
 * so the page follows it as it follows an upload (progress, report, problems, undo).
 */
import { useMutation, useQuery } from "@tanstack/react-query";
import { Alert, App, DatePicker, Empty, Form, InputNumber, Radio, Select, Spin, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useEffect, useState } from "react";
import { useLatestMonth } from "../../lib/periods.ts";
import { errorText, type RouterOutputs, useTRPC } from "../../lib/trpc.ts";
import { EntryModal, type EntryProps, useEntrySubmit } from "./entry-modal.tsx";

type DeclaredFact = NonNullable<RouterOutputs["imports"]["factItems"]>["facts"][number];

interface Fields {
  unit: string;
  year: Dayjs;
  /** by item: true/false (是/否), a number, or undefined (not entered: the stored value stays) */
  values: Record<string, boolean | number | null | undefined>;
}

/** The value as stored (是, 否, a number as text) as the form holds it. */
const storedValue = (f: DeclaredFact): boolean | number | undefined =>
  f.stored === null ? undefined : f.type === "yesno" ? f.stored === "是" : Number(f.stored);

/** What is stored for the unit, or what the rubric scores without a row. */
const storedText = (f: DeclaredFact): string =>
  f.stored !== null
    ? `已填报：${f.stored}`
    : f.whenMissing !== null
      ? `未填报（未填报时按“${f.whenMissing}”计）`
      : "未填报（规则没有写未填报时的值：按空值计，是/否事项在条件中按“否”）";

export function FactEntryModal({ open, onClose, onStarted }: EntryProps) {
  const trpc = useTRPC();
  const { message } = App.useApp();
  const [form] = Form.useForm<Fields>();
  const unit = Form.useWatch("unit", form);
  const units = useQuery({ ...trpc.units.list.queryOptions(), enabled: open });
  // the year of the latest month with data (the year-end being assessed), not the calendar's: 2026 had no rubric; then
  // the year last chosen, kept here: the dialog's form is made anew each time it opens, and its initial values were
  // today's year (the second entry of a sitting went to 2026, a walk)
  const latestMonth = useLatestMonth();
  const [chosenYear, setChosenYear] = useState<number | null>(null);
  const startYear = chosenYear ?? (latestMonth ? Number(latestMonth.slice(0, 4)) : dayjs().year());
  const yearPicked = Form.useWatch("year", form);
  const year = yearPicked?.year() ?? startYear;
  useEffect(() => {
    if (open) form.setFieldValue("year", dayjs(`${startYear}-01-01`));
  }, [open, startYear, form]);
  const declared = useQuery({ ...trpc.imports.factItems.queryOptions({ year, unit: unit ?? "" }), enabled: open && !!unit });
  const record = useMutation(trpc.imports.recordFacts.mutationOptions());
  const send = useEntrySubmit(form, { onStarted, onClose });
  const facts = declared.data?.facts ?? [];

  // the stored values of the unit and year chosen, as the form's starting point
  useEffect(() => {
    if (!declared.data) return;
    form.setFieldValue("values", Object.fromEntries(declared.data.facts.map((f) => [f.name, storedValue(f)])));
  }, [declared.data, form]);

  const submit = async (v: Fields) => {
    // the items given a value that differs from the stored one (an unchanged item is no change to import)
    const values = facts.flatMap((f) => {
      const value = v.values?.[f.name];
      if (value === undefined || value === null || value === storedValue(f)) return [];
      return [{ item: f.name, value }];
    });
    if (values.length === 0) {
      message.info("没有改动：所填与已填报的相同");
      return;
    }
    await send(
      () => record.mutateAsync({ unit: v.unit, year: v.year.year(), values }),
      () => `已提交 ${values.length} 个事项，导入结果见下方`,
    );
  };

  return (
    <EntryModal
      open={open}
      onClose={onClose}
      title="填报年度事项"
      okText="提交"
      submit={() => form.submit()}
      pending={record.isPending}
      okDisabled={!declared.data || facts.length === 0}
      width={640}
      intro="年终综合管理考核的事项（如成立领导小组、建立专线网络）可在此按单位逐项填报，与导入年度事实文件相同：按规则计分，在导入记录中列出，可撤销。只提交改动的事项。"
    >
      {/* no 可选 marks: an item left blank is not nothing, it is what the rubric scores without a row (said under it) */}
      <Form<Fields>
        form={form}
        layout="vertical"
        initialValues={{ year: dayjs(`${startYear}-01-01`) }}
        onValuesChange={(changed: Partial<Fields>) => {
          if (changed.year) setChosenYear(changed.year.year());
        }}
        onFinish={submit}
        requiredMark={false}
        data-testid="fact-entry"
      >
        <div style={{ display: "flex", gap: 12, flexWrap: "wrap" }}>
          <Form.Item name="year" label="年度" rules={[{ required: true, message: "请选择年度" }]} style={{ width: 140 }}>
            <DatePicker picker="year" allowClear={false} format="YYYY年" style={{ width: "100%" }} data-testid="fact-year" />
          </Form.Item>
          <Form.Item name="unit" label="单位" rules={[{ required: true, message: "请选择单位" }]} style={{ flex: 1, minWidth: 220 }}>
            <Select
              showSearch={{ optionFilterProp: "label" }}
              placeholder="输入名称或编码查找"
              loading={units.isPending}
              options={(units.data ?? []).map((u) => ({ value: u.code, label: `${u.name}（${u.code}）` }))}
              data-testid="fact-unit"
            />
          </Form.Item>
        </div>
        {!unit ? (
          <Typography.Text type="secondary">选择单位后列出该年度施行的规则定义的年度事项。</Typography.Text>
        ) : declared.isPending ? (
          <Spin />
        ) : declared.isError ? (
          <Alert type="error" showIcon title={errorText(declared.error)} />
        ) : declared.data === null ? (
          <Alert type="warning" showIcon title={`${year}年没有施行的规则版本：请先发布适用于该年的规则，或改选年度`} />
        ) : facts.length === 0 ? (
          <Empty description={`${declared.data.period}施行的${declared.data.rubric}没有定义年度事项`} />
        ) : (
          <>
            <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
              {declared.data.period}施行的{declared.data.rubric}定义的年度事项：
            </Typography.Paragraph>
            {facts.map((f) => (
              <Form.Item
                key={f.name}
                name={["values", f.name]}
                label={f.label ? `${f.label}（${f.name}）` : f.name}
                extra={storedText(f)}
                rules={f.type === "number" ? [{ type: "number", min: -1_000_000, max: 1_000_000, message: "应为数字" }] : []}
              >
                {f.type === "yesno" ? (
                  <Radio.Group
                    options={[
                      { value: true, label: "是" },
                      { value: false, label: "否" },
                    ]}
                    data-testid={`fact-value-${f.name}`}
                  />
                ) : (
                  <InputNumber style={{ width: 160 }} data-testid={`fact-value-${f.name}`} />
                )}
              </Form.Item>
            ))}
            {declared.data.monthly.length > 0 && (
              <Typography.Paragraph type="secondary">按月填报的事项（{declared.data.monthly.join("、")}）请在年度事实文件中按月份导入。</Typography.Paragraph>
            )}
          </>
        )}
      </Form>
    </EntryModal>
  );
}
