/**
 * Copying a version to a new draft asks what the copy is: its name, its version and the first month it is to be in
 * force. A copy that kept its source's start month would, once published, replace the source for every month since
 * then; the dialog starts from the month after the latest with data instead (while none is published, the first month
 * with data: copyStartMonth), and says what an earlier month means.
 */

import { parse } from "@kaohe/rules-dsl";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, App, DatePicker, Form, Input, Modal, Skeleton, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useMemo } from "react";
import { useNavigate } from "react-router";
import { MONTH_FORMATS, monthLabel } from "../../lib/format.ts";
import { useLatestMonth } from "../../lib/periods.ts";
import { useSingleFlight } from "../../lib/single-flight.ts";
import { errorText, useTRPC } from "../../lib/trpc.ts";
import { withHeader } from "./header.ts";
import { versionTitle } from "./shared.tsx";
import { copyStartMonth, copyVersionName } from "./versions.ts";

interface Fields {
  name: string;
  version: string;
  /** 文号: a new year's regulation has its own (the copy kept 桓政办发〔2017〕40号, to be found in the text: a walk) */
  document: string;
  from: Dayjs;
}

/** `source`: the version to copy (null: closed). */
export function CopyDraftDialog({ source, onClose }: { source: { id: number; name: string; version: string } | null; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<Fields>();
  const open = source !== null;
  const full = useQuery({ ...trpc.rubrics.get.queryOptions({ id: source?.id ?? 1 }), enabled: open });
  const list = useQuery({ ...trpc.rubrics.list.queryOptions(), enabled: open });
  const latest = useLatestMonth();
  // (the same query, with the first month with data: a new county's first rubric starts there)
  const months = useQuery({ ...trpc.units.latestMonth.queryOptions(), enabled: open, staleTime: 60_000 });
  const create = useMutation(trpc.rubrics.createDraft.mutationOptions());
  const from = Form.useWatch("from", form);
  const ready = Boolean(full.data && list.data && latest && !months.isPending);

  // the defaults, once what they depend on is known: the same name, the year it starts in or the next free draft version, the month after the latest with data
  const defaults = useMemo((): Fields | undefined => {
    if (!full.data || !list.data || !latest) return undefined;
    const start = copyStartMonth(
      { latest, first: months.data?.first ?? null },
      full.data.effectiveFrom,
      list.data.some((v) => v.status === "published"),
    );
    const document = parse(full.data.text, { syntaxOnly: true }).ast.header?.document ?? "";
    return { name: full.data.name, version: copyVersionName(full.data.name, full.data.version, start, list.data), document, from: dayjs(`${start}-01`) };
  }, [full.data, list.data, latest, months.data]);

  const once = useSingleFlight();
  const submit = once(async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values || !full.data) return;
    const fields = { name: values.name.trim(), version: values.version.trim(), document: values.document ?? "", from: values.from.format("YYYY-MM") };
    try {
      const created = await create.mutateAsync({ text: withHeader(full.data.text, fields) });
      await queryClient.invalidateQueries({ queryKey: trpc.rubrics.list.queryKey() });
      message.success(`已创建草稿“${versionTitle(created)}”，自 ${monthLabel(fields.from)} 起施行（发布后生效）`);
      onClose();
      navigate(`/rubrics/${created.id}`);
    } catch (err) {
      message.error(errorText(err));
    }
  });

  const fromMonth = from ? from.format("YYYY-MM") : null;
  const coversData = fromMonth !== null && latest !== undefined && fromMonth <= latest;
  return (
    <Modal
      title={source ? `复制“${versionTitle(source)}”为新草稿` : ""}
      open={open}
      onCancel={onClose}
      onOk={submit}
      okText="创建草稿"
      cancelText="取消"
      confirmLoading={create.isPending}
      okButtonProps={{ disabled: !ready, "data-testid": "copy-draft-confirm" }}
      destroyOnHidden
      width={560}
    >
      {full.error ? (
        <Alert type="error" showIcon title={errorText(full.error)} />
      ) : !ready ? (
        <Skeleton active paragraph={{ rows: 4 }} />
      ) : (
        <Form
          form={form}
          layout="vertical"
          preserve={false}
          initialValues={defaults}
          // the version offered follows the month chosen while nobody has typed one (2019 stayed beside 2018年10月: a walk)
          onValuesChange={(changed: Partial<Fields>) => {
            if (!changed.from || form.isFieldTouched("version") || !full.data || !list.data) return;
            form.setFieldValue("version", copyVersionName(full.data.name, full.data.version, changed.from.format("YYYY-MM"), list.data));
          }}
          data-testid="copy-draft-form"
        >
          <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
            草稿以所选版本的全文为起点。请写明新版本的名称、版本号和开始施行的月份：发布后，它从该月起取代此前施行的版本计分。
          </Typography.Paragraph>
          <Form.Item
            name="name"
            label="办法名称"
            rules={[
              { required: true, whitespace: true, message: "请填写办法名称" },
              { max: 200, message: "名称请控制在 200 字以内" },
            ]}
          >
            <Input data-testid="copy-draft-name" />
          </Form.Item>
          <Form.Item
            name="version"
            label="版本号"
            dependencies={["name"]}
            rules={[
              { required: true, whitespace: true, message: "请填写版本号" },
              { max: 100, message: "版本号请控制在 100 字以内" },
              ({ getFieldValue }) => ({
                validator: (_, value: string | undefined) => {
                  const name = String(getFieldValue("name") ?? "").trim();
                  const taken = (list.data ?? []).some((v) => v.name === name && v.version === (value ?? "").trim());
                  return taken ? Promise.reject(new Error("已有同名同版本的规则：请另取版本号")) : Promise.resolve();
                },
              }),
            ]}
            extra="同一名称的各版本以版本号区分，如“2019”“2019-修订1”"
          >
            <Input data-testid="copy-draft-version" />
          </Form.Item>
          <Form.Item
            name="document"
            label="文号"
            rules={[{ max: 100, message: "文号请控制在 100 字以内" }]}
            extra="新办法印发的文号，如“桓政办发〔2019〕5号”；没有的可不填"
          >
            <Input data-testid="copy-draft-document" />
          </Form.Item>
          <Form.Item name="from" label="开始施行的月份" rules={[{ required: true, message: "请选择开始施行的月份" }]}>
            <DatePicker picker="month" format={MONTH_FORMATS} allowClear={false} style={{ width: 180 }} data-testid="copy-draft-from" />
          </Form.Item>
          {coversData && latest && fromMonth && (
            <Alert
              type="warning"
              showIcon
              data-testid="copy-draft-covers-data"
              title={`${monthLabel(fromMonth)}至${monthLabel(latest)}已有数据`}
              description="发布后，这些月份（及所在年度）将改按新版本计分；已发布的月份保留发布时的结果，需重新发布才会改变。发布前会列出得分有变化的月份。"
            />
          )}
        </Form>
      )}
    </Modal>
  );
}
