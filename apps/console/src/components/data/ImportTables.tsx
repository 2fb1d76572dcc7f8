/**
 * The tables of an import: the problems that stopped it (and their download), the counts of one that succeeded and
 * what it stored that will score nothing, and past imports (undone, or to undo).
 */

import { FileExcelOutlined, FileTextOutlined, QuestionCircleOutlined, RollbackOutlined } from "@ant-design/icons";
import { changedText, problemRowsText, repeatedRowsText, sheetsText, skippedRowText } from "@kaohe/data/import-report";
import { Alert, Button, Space, Table, type TableColumnsType, Tag, Tooltip, Typography } from "antd";
import { localTime } from "../../lib/format.ts";
import { type RouterOutputs, useTRPCClient } from "../../lib/trpc.ts";
import { type DataKind, KIND_LABEL, undoOffer } from "./files.ts";
import { useFileDownload } from "./use-file-download.ts";

type ImportJob = RouterOutputs["imports"]["job"];
type ImportResult = NonNullable<ImportJob["result"]>;
export type ImportProblem = Extract<ImportResult, { ok: false }>["problems"][number];
export type FileReport = Extract<ImportResult, { ok: true }>["files"][number];
type ImportWarning = Extract<ImportResult, { ok: true }>["warnings"][number];
export type ImportBatch = RouterOutputs["imports"]["list"][number];

const KIND_COLOR: Record<DataKind, string> = { units: "purple", orders: "blue", events: "orange", facts: "cyan", calendar: "green" };

export function KindTag({ kind }: { kind: string | null }) {
  if (!kind || !(kind in KIND_LABEL)) return <Tag>未知</Tag>;
  return (
    <Tag color={KIND_COLOR[kind as DataKind]} style={{ marginInlineEnd: 0 }}>
      {KIND_LABEL[kind as DataKind]}
    </Tag>
  );
}

const count = (n: number) => n.toLocaleString("zh-CN");

/**
 * A problem's file, read whole: the workbook on its line, the sheet (`工作表“下半月”`) on the next, each wrapped where
 * it is long. Cut to the column's width, `工单_serial_bad.xls 工作表“下半月”` showed neither the sheet nor all the name.
 * The two as the import reports them (`sheet`), not cut out of the label: a sheet named with ` 工作表“` in it was cut there.
 */
function ProblemFile({ problem }: { problem: ImportProblem }) {
  const { sheet } = problem;
  return (
    <div style={{ overflowWrap: "anywhere" }} data-testid="problem-file">
      {sheet ? sheet.workbook : problem.file}
      {sheet && (
        <div>
          <Typography.Text type="secondary">工作表“{sheet.name}”</Typography.Text>
        </div>
      )}
    </div>
  );
}

export function ProblemsTable({ problems }: { problems: ImportProblem[] }) {
  const columns: TableColumnsType<ImportProblem> = [
    { title: "文件", dataIndex: "file", width: 200, render: (_: string, p) => <ProblemFile problem={p} /> },
    {
      title: "行",
      dataIndex: "row",
      width: 150,
      // the same problem on many rows, told once: how many, and the first of them (99 行：第 4、6、13、15、22… 行)
      render: (row: number, p) => (row === 0 ? <Typography.Text type="secondary">整个文件</Typography.Text> : (problemRowsText(p, 10) ?? `第 ${row} 行`)),
    },
    { title: "列", dataIndex: "column", width: 130, ellipsis: true, render: (c: string) => c || <Typography.Text type="secondary">—</Typography.Text> },
    {
      title: "值",
      dataIndex: "value",
      width: 170,
      ellipsis: true,
      render: (v: string) => (v === "" ? <Typography.Text type="secondary">（空）</Typography.Text> : <Typography.Text code>{v}</Typography.Text>),
    },
    // the reason in Chinese only (the English one stays in the API's data and the command line's report)
    { title: "原因", dataIndex: "reason" },
  ];
  return (
    <Table<ImportProblem>
      rowKey={(p) => `${p.file}\u0000${p.row}\u0000${p.column}\u0000${p.reason}`}
      columns={columns}
      dataSource={problems}
      size="small"
      pagination={problems.length > 20 ? { pageSize: 20, showSizeChanger: false, showTotal: (n) => `共 ${n} 条` } : false}
      data-testid="problems-table"
    />
  );
}

/** What an import says of its files, as a list: the file, then what it says. */
function FileNotes({ notes }: { notes: FileNote[] }) {
  return (
    <ul style={{ margin: 0, paddingInlineStart: 18 }}>
      {notes.map((n) => (
        <li key={n.key}>
          <Typography.Text type="secondary">{n.file}：</Typography.Text>
          {n.text}
        </li>
      ))}
    </ul>
  );
}

type FileNote = { key: string; file: string; text: string };

/** An information box of what an import says of its files (nothing when it says nothing). */
function InfoNotes({ title, notes, testId }: { title: string; notes: FileNote[]; testId: string }) {
  if (notes.length === 0) return null;
  return <Alert type="info" showIcon style={{ marginBottom: 12 }} title={title} description={<FileNotes notes={notes} />} data-testid={testId} />;
}

const warningNotes = (warnings: ImportWarning[]) => warnings.map((w) => ({ key: `${w.file}\u0000${w.zh}`, file: w.file, text: w.zh }));

/** A warning about a published period whose data the import changed (its results changed or not). */
const aboutPublished = (w: ImportWarning) => w.code === "published-changed" || w.code === "published-data-changed";

/**
 * What an import stored that the rubric in force will not score (an event type it does not declare…): stored all the
 * same, told; and apart, the published months or years whose data it changed (their publication stays as it was).
 */
export function ImportWarnings({ warnings }: { warnings: ImportWarning[] }) {
  const published = warnings.filter(aboutPublished);
  const scoring = warnings.filter((w) => !aboutPublished(w));
  // periods whose publication would change if published again; the others' data changed, not their results
  const changed = published.filter((w) => w.code === "published-changed").length;
  return (
    <>
      {published.length > 0 && (
        <Alert
          type={changed > 0 ? "warning" : "info"}
          showIcon
          style={{ marginBottom: 12 }}
          title={
            changed > 0
              ? `已发布的 ${count(changed)} 期考核结果与当前数据不同：发布结果不随导入改变`
              : `已发布的 ${count(published.length)} 期考核读取的数据有更新，各单位得分与名次不变`
          }
          description={<FileNotes notes={warningNotes(published)} />}
          data-testid="import-published-changed"
        />
      )}
      {scoring.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={`请核对以下 ${count(scoring.length)} 处：数据已导入，但按施行中的规则可能不计分、不参加排名，或与原意不同`}
          description={<FileNotes notes={warningNotes(scoring)} />}
          data-testid="import-warnings"
        />
      )}
    </>
  );
}

/**
 * The accepted corrections (办法六) the import met: kept where the file brought another value (the platform's data
 * still differs: to check), closed where the file now agrees.
 */
export function ImportCorrections({ files }: { files: FileReport[] }) {
  const reports = files.flatMap((f) => f.corrections.map((c) => ({ ...c, file: f.file })));
  if (reports.length === 0) return null;
  const kept = reports.filter((c) => c.outcome === "kept").length;
  return (
    <Alert
      type={kept > 0 ? "warning" : "info"}
      showIcon
      style={{ marginBottom: 12 }}
      title={
        kept > 0
          ? `${count(kept)} 处已采纳异议的更正与导入数据不同：已保留更正，请核对 12345 平台的记录${reports.length > kept ? `；另有 ${count(reports.length - kept)} 处导入数据已与更正一致，更正已关闭` : ""}`
          : `${count(reports.length)} 处导入数据已与已采纳异议的更正一致，更正已关闭`
      }
      description={<FileNotes notes={reports.map((c) => ({ key: `${c.correctionId}\u0000${c.file}`, file: c.file, text: c.message }))} />}
      data-testid="import-corrections"
    />
  );
}

/**
 * Rows of the files that repeated an id: the same row again (merged into one), or, with 以后出现的行为准, another
 * version of the record that replaced the earlier (files of a kind are read in the order of their names).
 */
export function ImportRepeats({ files }: { files: FileReport[] }) {
  const notes = files.flatMap((f) => [
    ...(f.duplicatesCollapsed > 0
      ? [
          {
            key: `${f.file}\u0000same`,
            file: f.file,
            text: `${count(f.duplicatesCollapsed)} 行与前面的行完全相同（编号和内容都相同），已合并为一条${repeatedRowsText(f, "identical", f.duplicatesCollapsed)}`,
          },
        ]
      : []),
    ...(f.duplicatesReplaced > 0
      ? [
          {
            key: `${f.file}\u0000later`,
            file: f.file,
            text: `${count(f.duplicatesReplaced)} 行的编号与前面的行（本文件或排在前面的文件）相同、内容不同，以这些行为准${repeatedRowsText(f, "replaces", f.duplicatesReplaced)}`,
          },
        ]
      : []),
  ]);
  return (
    <InfoNotes
      title={files.length > 1 ? "同一编号出现了多次（同类文件按文件名顺序读取，后读到的为准）" : "同一编号出现了多次"}
      notes={notes}
      testId="import-repeats"
    />
  );
}

/**
 * Rows the files said themselves were no record — a total (合计), a footnote (制表人：), the header repeated on a
 * printed page — left out of the import, each with its row and what it held.
 */
export function ImportSkipped({ files }: { files: FileReport[] }) {
  const notes = files
    .filter((f) => f.skippedRows > 0)
    .map((f) => {
      const rows = f.skipped.map(skippedRowText).join("、");
      const more = f.skippedRows > f.skipped.length ? `等 ${count(f.skippedRows)} 行` : "";
      return { key: `${f.file}\u0000skipped`, file: f.file, text: `${rows}${more}不是记录，没有导入` };
    });
  return <InfoNotes title="跳过了不是记录的行（合计行、表格末尾的说明、重复的表头或标题）" notes={notes} testId="import-skipped" />;
}

/**
 * Which sheets of each workbook of several were read, with their rows, and which not (汇总, 说明, a hidden 字典): the
 * report said only how many rows, and a sheet passed over could not be told from one read (a data clerk's test).
 */
export function ImportSheets({ files }: { files: FileReport[] }) {
  const notes = files.flatMap((f) => {
    const text = sheetsText(f);
    return text ? [{ key: `${f.file}\u0000sheets`, file: f.file, text }] : [];
  });
  return <InfoNotes title="读取的工作表" notes={notes} testId="import-sheets" />;
}

/**
 * What each file's updates changed, column by column, and the records moved to another unit (a re-imported file said
 * only 更新 3: a data review).
 */
export function ImportChanged({ files }: { files: FileReport[] }) {
  const notes = files.flatMap((f) => {
    const text = changedText(f);
    return text ? [{ key: `${f.file}\u0000changed`, file: f.file, text }] : [];
  });
  return <InfoNotes title="更新了已有的记录" notes={notes} testId="import-changed" />;
}

/** The problem list of a finished import, as a file: CSV (Excel and WPS open it) or Excel. */
export function ProblemDownloads({ jobId }: { jobId: string }) {
  const client = useTRPCClient();
  const { busy, download } = useFileDownload((format) => client.imports.problems.query({ jobId, format }));
  return (
    <Space size={8}>
      <Button size="small" icon={<FileTextOutlined />} loading={busy === "csv"} onClick={() => download("csv")} data-testid="problems-download-csv">
        下载问题清单（CSV）
      </Button>
      <Button size="small" icon={<FileExcelOutlined />} loading={busy === "xlsx"} onClick={() => download("xlsx")} data-testid="problems-download-xlsx">
        下载问题清单（Excel）
      </Button>
    </Space>
  );
}

export function ReportTable({ files }: { files: FileReport[] }) {
  const columns: TableColumnsType<FileReport> = [
    { title: "文件", dataIndex: "file", ellipsis: true },
    { title: "种类", dataIndex: "kind", width: 100, render: (k: string) => <KindTag kind={k} /> },
    { title: "行数", dataIndex: "rows", width: 100, align: "right", render: count },
    {
      title: "新增",
      dataIndex: "inserted",
      width: 100,
      align: "right",
      render: (n: number) => <span className={n > 0 ? "kh-up" : undefined}>{count(n)}</span>,
    },
    {
      title: "更新",
      dataIndex: "updated",
      width: 100,
      align: "right",
      render: (n: number) => <span className={n > 0 ? "kh-owing" : undefined}>{count(n)}</span>,
    },
    { title: "未变", dataIndex: "unchanged", width: 100, align: "right", render: count },
  ];
  return <Table<FileReport> rowKey="file" columns={columns} dataSource={files} size="small" pagination={false} data-testid="import-report" />;
}

export function ImportsTable({
  batches,
  loading,
  onUndo,
}: {
  batches: ImportBatch[];
  loading: boolean;
  /** given to those who may undo a batch */
  onUndo?: (batch: ImportBatch) => void;
}) {
  const columns: TableColumnsType<ImportBatch> = [
    { title: "导入时间", dataIndex: "createdAt", width: 150, render: (iso: string) => localTime(Date.parse(iso)) },
    // the file is what tells batches apart: never squeezed out (a narrow window scrolls the table instead)
    { title: "文件", dataIndex: "fileName", ellipsis: { showTitle: true }, minWidth: 200 },
    { title: "种类", dataIndex: "kind", width: 96, render: (k: string) => <KindTag kind={k} /> },
    { title: "行数", dataIndex: "rows", width: 84, align: "right", render: count },
    { title: "新增", dataIndex: "inserted", width: 76, align: "right", render: count },
    { title: "更新", dataIndex: "updated", width: 76, align: "right", render: count },
    { title: "未变", dataIndex: "unchanged", width: 76, align: "right", render: count },
    // 显示名（登录名）, as the audit log names people: wide enough for the center's own names, whole in the tooltip when longer
    {
      title: "操作人",
      dataIndex: "createdBy",
      width: 200,
      ellipsis: { showTitle: false },
      render: (who: string) => (
        <Tooltip title={who} placement="topLeft">
          <span data-testid="batch-created-by">{who}</span>
        </Tooltip>
      ),
    },
    {
      title: "状态",
      key: "state",
      width: onUndo ? 120 : 90,
      // pinned: on a laptop's screen the table scrolls, and whether a batch stands (and its undo) stays in view
      fixed: "right",
      render: (_, b) =>
        b.undoneAt ? (
          <Tooltip title={`${b.undoneBy ?? ""} 于 ${localTime(Date.parse(b.undoneAt))} 撤销`}>
            <Tag color="default" data-testid={`batch-undone-${b.id}`}>
              已撤销
            </Tag>
          </Tooltip>
        ) : onUndo ? (
          <Tooltip title={undoOffer(b).reason}>
            <Button
              size="small"
              type="link"
              icon={b.undoable ? <RollbackOutlined /> : <QuestionCircleOutlined />}
              disabled={!b.undoable}
              onClick={() => onUndo(b)}
              style={{ paddingInline: 0 }}
              data-testid={`batch-undo-${b.id}`}
            >
              {undoOffer(b).label}
            </Button>
          </Tooltip>
        ) : (
          <Tag color="success">有效</Tag>
        ),
    },
  ];
  return (
    <Table<ImportBatch>
      rowKey="id"
      columns={columns}
      dataSource={batches}
      loading={loading}
      size="middle"
      rowClassName={(b) => (b.undoneAt ? "kh-batch-undone" : "")}
      scroll={{ x: 1080 }}
      pagination={batches.length > 10 ? { pageSize: 10, showSizeChanger: false, showTotal: (n) => `共 ${n} 次导入` } : false}
      locale={{ emptyText: loading ? " " : "还没有导入过数据" }}
      data-testid="imports-list"
    />
  );
}
