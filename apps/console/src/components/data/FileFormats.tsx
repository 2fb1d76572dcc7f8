/**
 * 文件格式与模板: the columns of each kind of file (required or not, the Chinese header and the English one
 * also accepted, what a column takes, an example) and its templates, CSV and Excel, all as the server's file
 * contract says (imports.columns, imports.template): one source for the page, the templates and the importer.
 */
import { FileExcelOutlined, FileTextOutlined } from "@ant-design/icons";
import { fileNamePrefixes } from "@kaohe/data/file-names";
import { useQuery } from "@tanstack/react-query";
import { Alert, Button, Drawer, Skeleton, Space, Table, type TableColumnsType, Tabs, Tag, Typography } from "antd";
import { errorText, type RouterOutputs, useTRPC, useTRPCClient } from "../../lib/trpc.ts";
import { type DataKind, firstFormatKind } from "./files.ts";
import { useFileDownload } from "./use-file-download.ts";

type Guide = RouterOutputs["imports"]["columns"][number];
type Column = Guide["columns"][number];

const columns: TableColumnsType<Column> = [
  {
    title: "列名",
    dataIndex: "zh",
    width: 170,
    render: (zh: string, c) => (
      <Space size={6}>
        <Typography.Text strong={c.required}>{zh}</Typography.Text>
        {c.required ? <Tag color="volcano">必填</Tag> : <Tag>选填</Tag>}
      </Space>
    ),
  },
  {
    title: "英文列名（也可用）",
    dataIndex: "key",
    width: 170,
    render: (key: string) => <Typography.Text code>{key}</Typography.Text>,
  },
  { title: "填写内容", dataIndex: "values" },
  {
    title: "示例",
    dataIndex: "example",
    width: 150,
    render: (v: string) => <Typography.Text code>{v}</Typography.Text>,
  },
  { title: "说明", dataIndex: "note", width: 220, render: (n: string | null) => n ?? <Typography.Text type="secondary">—</Typography.Text> },
];

/** The two template buttons of a kind. */
function TemplateButtons({ kind, size = "middle" }: { kind: DataKind; size?: "small" | "middle" }) {
  const client = useTRPCClient();
  const { busy, download } = useFileDownload((format) => client.imports.template.query({ kind, format }));
  return (
    <Space size={8} wrap>
      <Button size={size} icon={<FileTextOutlined />} loading={busy === "csv"} onClick={() => download("csv")} data-testid={`template-${kind}-csv`}>
        下载 CSV 模板
      </Button>
      <Button size={size} icon={<FileExcelOutlined />} loading={busy === "xlsx"} onClick={() => download("xlsx")} data-testid={`template-${kind}-xlsx`}>
        下载 Excel 模板
      </Button>
    </Space>
  );
}

function KindTab({ guide }: { guide: Guide }) {
  const kind = guide.kind as DataKind;
  const required = guide.columns.filter((c) => c.required).length;
  return (
    <div data-testid={`columns-${kind}`}>
      <div style={{ display: "flex", justifyContent: "space-between", alignItems: "flex-start", gap: 16, flexWrap: "wrap", marginBottom: 12 }}>
        <Typography.Paragraph type="secondary" style={{ margin: 0, maxWidth: 620 }}>
          {`必填 ${required} 列，选填 ${guide.columns.length - required} 列。文件名以${fileNamePrefixes(kind)
            .map((p) => `“${p}”`)
            .join("或")}开头即按${guide.label}文件导入。选填列可以删去；表中没有的列按扩展属性保存，规则文件可以使用；表示行号的列（序号、行号）不保存。`}
        </Typography.Paragraph>
        <TemplateButtons kind={kind} />
      </div>
      <Table<Column> rowKey="key" size="small" columns={columns} dataSource={guide.columns} pagination={false} scroll={{ x: 900 }} />
    </div>
  );
}

/** The drawer with every kind's columns and templates. */
export function FileFormatsDrawer({ open, onClose, initialKind }: { open: boolean; onClose: () => void; initialKind?: DataKind }) {
  const trpc = useTRPC();
  const guides = useQuery({ ...trpc.imports.columns.queryOptions(), enabled: open, staleTime: Number.POSITIVE_INFINITY });
  // which tab first: 单位 on a store with none (the tabs wait for it, as they open on one tab only)
  const units = useQuery({ ...trpc.units.list.queryOptions(), enabled: open && !initialKind });
  return (
    <Drawer title="文件格式与模板" open={open} onClose={onClose} size="min(1100px, 96vw)" data-testid="file-formats" destroyOnHidden>
      <Typography.Paragraph>
        每类文件第一行为列名（上方可以有标题行），以下每行一条记录。列名可用中文或英文列名（不分大小写、全角半角，列名中的空格与换行不计）。Excel
        工作簿读有这些列名的可见工作表（“说明”“示例”等页除外；每月一张时逐张读入，各张的列须相同）。CSV 可以是 UTF-8 或 GBK 编码；模板的 CSV 为带 BOM 的
        UTF-8，用 Excel 或 WPS 打开不会乱码。Excel 模板中必填列为橙色底，选项列带下拉框，第二个工作表为填写说明。
      </Typography.Paragraph>
      {guides.error ? (
        <Alert type="error" showIcon title={errorText(guides.error)} />
      ) : !guides.data || (!initialKind && units.isPending) ? (
        <Skeleton active />
      ) : (
        <Tabs
          defaultActiveKey={firstFormatKind(initialKind, units.data?.length ?? 1)}
          items={guides.data.map((g) => ({ key: g.kind, label: g.label, children: <KindTab guide={g} /> }))}
        />
      )}
    </Drawer>
  );
}
