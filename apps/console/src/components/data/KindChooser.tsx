/**
 * Files whose kind neither the name nor the header row tells: each shown with its header and, for each kind,
 * whether its required columns are there (or which are missing), for the user to choose what the file holds.
 */
import { Alert, Select, Space, Table, type TableColumnsType, Tag, Typography } from "antd";
import type { RouterOutputs } from "../../lib/trpc.ts";
import type { DataKind } from "./files.ts";

export type UploadInspection = RouterOutputs["imports"]["inspect"][number];

/** The kinds as options, those whose required columns are all there first, then by how many are missing. */
function kindOptions(file: UploadInspection) {
  return [...file.matches]
    .sort((a, b) => a.missing.length - b.missing.length || b.recognised - a.recognised)
    .map((m) => ({
      value: m.kind as DataKind,
      label: (
        <span>
          {m.label}
          <Typography.Text type={m.missing.length === 0 ? "success" : "secondary"} style={{ marginLeft: 8, fontSize: 12 }}>
            {m.missing.length === 0 ? "必需列齐全" : `缺少 ${m.missing.join("、")}`}
          </Typography.Text>
        </span>
      ),
      title: m.label,
    }));
}

export function KindChooser({
  files,
  choices,
  onChoose,
  disabled,
}: {
  files: UploadInspection[];
  choices: Record<string, DataKind | undefined>;
  onChoose: (uploadId: string, kind: DataKind) => void;
  disabled?: boolean;
}) {
  const columns: TableColumnsType<UploadInspection> = [
    { title: "文件", dataIndex: "name", width: 200, ellipsis: true },
    {
      title: "表头",
      key: "labels",
      render: (_, f) => (
        <Space size={[4, 4]} wrap>
          {f.labels.map((l, i) => (
            <Tag key={`${i}:${l}`} style={{ marginInlineEnd: 0 }}>
              {l}
            </Tag>
          ))}
        </Space>
      ),
    },
    {
      title: "数据种类",
      key: "kind",
      width: 330,
      render: (_, f) => (
        <Select<DataKind>
          style={{ width: "100%" }}
          placeholder="请选择"
          aria-label={`${f.name} 的数据种类`}
          value={choices[f.uploadId]}
          disabled={disabled}
          onChange={(v) => onChoose(f.uploadId, v)}
          options={kindOptions(f)}
          optionLabelProp="title"
          data-testid={`choose-kind-${f.name}`}
        />
      ),
    },
  ];
  const ambiguous = files.some((f) => f.complete.length > 1);
  return (
    <div data-testid="kind-chooser">
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 12 }}
        title="请选择这些文件的数据种类"
        description={
          <>
            {ambiguous
              ? "有的文件表头同时含有几类文件的全部必需列，"
              : "这些文件的文件名不以 units、orders、events、facts（或 单位、工单、事件、事实）开头，文件开头的各行中也没有含任何一类文件全部必需列的表头，"}
            系统无法判断是哪类数据。请为每个文件选择种类后继续导入；选错时导入会停止、列出所缺的列，不会保存任何数据。
          </>
        }
      />
      <Table<UploadInspection> rowKey="uploadId" size="small" columns={columns} dataSource={files} pagination={false} />
    </div>
  );
}
