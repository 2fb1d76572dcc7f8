/**
 * 数据: upload the center's files (units, orders, events, facts, the holiday calendar), choose the kind of a file neither its name nor
 * its header tells, follow the import, download its problem list, see past imports and undo one; the columns of
 * each kind of file and their templates.
 */
import {
  CheckCircleFilled,
  CheckSquareOutlined,
  CloseCircleFilled,
  DeleteOutlined,
  FileExcelOutlined,
  FileTextOutlined,
  FormOutlined,
  InboxOutlined,
  ReloadOutlined,
} from "@ant-design/icons";
import { TABLE_FILE_EXTENSIONS, TABLE_FILE_TYPES_TEXT } from "@kaohe/data/file-names";
import { problemListNotes } from "@kaohe/data/import-report";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, type ButtonProps, Card, Checkbox, Progress, Select, Space, Table, type TableColumnsType, Tag, Typography, Upload } from "antd";
import { useEffect, useRef, useState } from "react";
import { EventEntryModal } from "../../components/data/EventEntry.tsx";
import { FactEntryModal } from "../../components/data/FactEntry.tsx";
import { FileFormatsDrawer } from "../../components/data/FileFormats.tsx";
import { type DataKind, fileSize, isAcceptedFormat, KIND_LABEL, kindOfFileName, MAX_FILE_BYTES, MAX_FILES, uploadFile } from "../../components/data/files.ts";
import {
  type ImportBatch,
  ImportChanged,
  ImportCorrections,
  ImportRepeats,
  ImportSheets,
  ImportSkipped,
  ImportsTable,
  ImportWarnings,
  KindTag,
  ProblemDownloads,
  ProblemsTable,
  ReportTable,
} from "../../components/data/ImportTables.tsx";
import { againLabel, jobContact, RECONNECTING_TEXT, retryJobQuery, runningText } from "../../components/data/import-status.ts";
import { KindChooser, type UploadInspection } from "../../components/data/KindChooser.tsx";
import { useAuth } from "../../lib/auth.tsx";
import { localTime } from "../../lib/format.ts";
import { useLeaveGuard } from "../../lib/leave-guard.ts";
import { errorDetail, errorText, requestHeaders, useTRPC, useTRPCClient } from "../../lib/trpc.ts";
import "./data.css";

interface Picked {
  uid: string;
  file: File;
  /** from the name, or chosen by the user; null: the server tells it from the header row */
  kind: DataKind | null;
  /** chosen by the user (sent to the server), rather than told from the name */
  chosen: boolean;
}

/** A file on the server, with its kind when the user chose it. */
type Uploaded = { uploadId: string; kind?: DataKind };

type Phase =
  | { step: "idle" }
  | { step: "uploading"; sent: number; total: number }
  | { step: "inspecting" }
  /** files whose kind neither the name nor the header tells: the user chooses, then the import starts */
  | { step: "choose"; files: Uploaded[]; undetermined: UploadInspection[] }
  | { step: "starting" }
  | { step: "job"; jobId: string };

let uidCounter = 0;

/**
 * The import this browser tab started, until its outcome has been shown: a reload (or a visit elsewhere and back)
 * follows it again, running or finished meanwhile. Session storage is the tab's own; where it is refused (a
 * private window's policy), the page falls back to following running imports only.
 */
const importOfThisTab = {
  key: "kaohe.import.following",
  get(): string | null {
    try {
      return sessionStorage.getItem(this.key);
    } catch {
      return null;
    }
  },
  set(jobId: string) {
    try {
      sessionStorage.setItem(this.key, jobId);
    } catch {
      // not kept: the page follows the import while it stays open
    }
  },
  clear(jobId: string) {
    try {
      if (sessionStorage.getItem(this.key) === jobId) sessionStorage.removeItem(this.key);
    } catch {
      // nothing was kept
    }
  },
};

/** The polled job itself is not refreshed when everything else is. */
const isJobQuery = (key: readonly unknown[]) => {
  const path = key[0];
  return Array.isArray(path) && path[0] === "imports" && path[1] === "job";
};

const sum = (files: { rows: number; inserted: number; updated: number; unchanged: number }[], key: "rows" | "inserted" | "updated" | "unchanged") =>
  files.reduce((n, f) => n + f[key], 0).toLocaleString("zh-CN");

export function DataPage() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const canImport = useAuth().can("data.import");
  const queryClient = useQueryClient();
  const { message, modal } = App.useApp();
  const [formatsOpen, setFormatsOpen] = useState(false);
  const [eventEntryOpen, setEventEntryOpen] = useState(false);
  const [factEntryOpen, setFactEntryOpen] = useState(false);
  const [choices, setChoices] = useState<Record<string, DataKind | undefined>>({});
  const [picked, setPicked] = useState<Picked[]>([]);
  const [phase, setPhase] = useState<Phase>({ step: "idle" });
  // files on their way up (or read, their kinds being chosen, the import not yet started) are lost by leaving, signing out or reloading: asked
  // first, as a half-written objection is (a 33 MB file at 1 MB/s went without a word, and nothing said so after)
  useLeaveGuard(
    () => phase.step === "uploading" || phase.step === "inspecting" || phase.step === "choose" || phase.step === "starting",
    "正在上传、尚未开始导入的文件",
  );
  const [startError, setStartError] = useState<string | null>(null);
  const history = useQuery(trpc.imports.list.queryOptions());
  const interrupted = useQuery(trpc.imports.interrupted.queryOptions());
  const jobs = useQuery({ ...trpc.imports.jobs.queryOptions(), staleTime: 0 });
  const start = useMutation(trpc.imports.start.mutationOptions());
  const undo = useMutation(trpc.imports.undo.mutationOptions());
  const jobId = phase.step === "job" ? phase.jobId : null;
  const job = useQuery({
    ...trpc.imports.job.queryOptions({ jobId: jobId ?? "" }),
    enabled: jobId !== null,
    staleTime: 0,
    gcTime: 60_000,
    // the server out of reach (restarting?): tried again quietly until it answers; a job it no longer knows is not
    retry: retryJobQuery,
    retryDelay: (count) => Math.min(5000, 500 * 2 ** count),
    refetchInterval: (q) => (q.state.error || (q.state.data && q.state.data.state !== "running") ? false : 500),
    refetchIntervalInBackground: true,
  });

  // an import this page did not start here: the one this tab started before the page was reloaded or left (kept in
  // the tab's session storage until its outcome was shown: it may have finished meanwhile), else one still running
  // (a colleague's): follow it, once, as if it had been started here
  const followed = useRef(new Set<string>());
  const [resumedJobId, setResumedJobId] = useState<string | null>(null);
  useEffect(() => {
    if (phase.step !== "idle") return;
    const ours = importOfThisTab.get();
    const other = ours && !followed.current.has(ours) ? ours : jobs.data?.find((j) => j.state === "running" && !followed.current.has(j.jobId))?.jobId;
    if (!other) return;
    followed.current.add(other);
    setResumedJobId(other);
    setPhase({ step: "job", jobId: other });
  }, [jobs.data, phase.step]);
  // a job the server no longer knows (it was restarted during it): nothing more to follow, and the list of imports it
  // was stopped in has it now (or it had ended just before: kept, its data is new)
  const contact = jobContact(job.error, job.failureReason);
  useEffect(() => {
    if (job.error && jobId !== null) importOfThisTab.clear(jobId);
    if (contact === "lost") void queryClient.invalidateQueries({ queryKey: trpc.imports.interrupted.queryKey() });
    // kept just before a restart: its data is in, as after a finished job
    if (contact === "kept") void queryClient.invalidateQueries({ predicate: (q) => !isJobQuery(q.queryKey) });
  }, [job.error, jobId, contact, queryClient, trpc]);

  // once the job has finished: the list of imports, and everything scored from the data, are out of date
  const settled = useRef<string | null>(null);
  useEffect(() => {
    const j = job.data;
    if (!j || j.state === "running" || settled.current === j.jobId) return;
    settled.current = j.jobId;
    importOfThisTab.clear(j.jobId);
    // the files were read: to import again, they are chosen again (perhaps corrected)
    setPicked([]);
    if (j.state === "done") {
      message.success("导入完成");
      void queryClient.invalidateQueries({ predicate: (q) => !isJobQuery(q.queryKey) });
    } else {
      void queryClient.invalidateQueries({ queryKey: trpc.imports.list.queryKey() });
      // held to be confirmed (it would take units assessed now out of every ranking): asked at once
      if (j.confirmable) askToConfirm(j.jobId, j.result && !j.result.ok ? (j.result.confirm?.zh ?? "") : "");
    }
  }, [job.data, message, queryClient, trpc]);

  const running =
    phase.step === "uploading" ||
    phase.step === "inspecting" ||
    phase.step === "starting" ||
    (phase.step === "job" && (!job.data || job.data.state === "running") && !job.error);
  // files of an accepted format whose name does not say the kind (one of another format is told to be saved again instead)
  const unknown = picked.filter((p) => p.kind === null && isAcceptedFormat(p.file.name));
  const badFormat = picked.filter((p) => !isAcceptedFormat(p.file.name));
  const totalBytes = picked.reduce((n, p) => n + p.file.size, 0);
  const tooMany = picked.length > MAX_FILES;
  const tooBig = picked.filter((p) => p.file.size > MAX_FILE_BYTES);
  const canStart = picked.length > 0 && badFormat.length === 0 && !tooMany && tooBig.length === 0 && !running;

  const addFile = (file: File) => {
    // choosing files after an import starts the next one: the last result goes
    if ((phase.step === "job" && !running) || phase.step === "choose") setPhase({ step: "idle" });
    setPicked((list) => {
      // the same file chosen twice counts once
      if (list.some((p) => p.file.name === file.name && p.file.size === file.size && p.file.lastModified === file.lastModified)) return list;
      return [...list, { uid: `f${++uidCounter}`, file, kind: kindOfFileName(file.name), chosen: false }];
    });
  };

  const begin = async () => {
    if (!canStart) return;
    setStartError(null);
    settled.current = null;
    try {
      // each file is sent as it is, one after another, with the bytes sent so far shown
      let before = 0;
      setPhase({ step: "uploading", sent: 0, total: totalBytes });
      const files: Uploaded[] = [];
      for (const p of picked) {
        const { uploadId } = await uploadFile(p.file, requestHeaders(), (sent) => setPhase({ step: "uploading", sent: before + sent, total: totalBytes }));
        before += p.file.size;
        files.push(p.chosen && p.kind ? { uploadId, kind: p.kind } : { uploadId });
      }
      // a file the name does not tell (and the user did not say): its header row is read before anything is imported
      const unnamed = files.filter((f, i) => !f.kind && !picked[i]?.kind);
      if (unnamed.length > 0) {
        setPhase({ step: "inspecting" });
        const seen = await client.imports.inspect.query({ uploadIds: unnamed.map((f) => f.uploadId) });
        const undetermined = seen.filter((f) => f.kind === null && f.problem === null);
        if (undetermined.length > 0) {
          setChoices({});
          setPhase({ step: "choose", files, undetermined });
          return;
        }
      }
      await startJob(files);
    } catch (err) {
      failedToStart(err);
    }
  };

  const failedToStart = (err: unknown) => {
    const text = errorText(err);
    setStartError(text);
    message.error(text);
    setPhase({ step: "idle" });
  };

  // a file of corrections may repeat an id with the corrected row after the first: that row then wins (else a problem)
  const [laterRowWins, setLaterRowWins] = useState(false);
  /** Follow an import this tab started (files uploaded, or an event entered in the form). */
  const follow = (jobId: string) => {
    importOfThisTab.set(jobId);
    followed.current.add(jobId);
    setResumedJobId(null);
    setPhase({ step: "job", jobId });
  };
  // an import started from a form (登记考核事件, 填报年度事项): its progress below the fold at 768 px, scrolled to
  const statusCard = useRef<HTMLDivElement>(null);
  const [scrollToStatus, setScrollToStatus] = useState(false);
  useEffect(() => {
    if (!scrollToStatus || !statusCard.current) return;
    statusCard.current.scrollIntoView({ behavior: "smooth", block: "start" });
    setScrollToStatus(false);
  });
  const followForm = (jobId: string) => {
    follow(jobId);
    setScrollToStatus(true);
  };
  const startJob = async (files: Uploaded[]) => {
    setPhase({ step: "starting" });
    const { jobId } = await start.mutateAsync({ files, laterRowWins });
    follow(jobId);
  };

  /**
   * An import held to be confirmed: its message in a dialog; 仍要导入 imports the same files (a new job, followed as
   * usual), 取消 drops them. Closed otherwise, the result card below offers both again (while the files are kept).
   */
  const askToConfirm = (heldJobId: string, text: string) => {
    modal.confirm({
      title: "导入前请确认",
      width: 560,
      content: (
        <Typography.Paragraph style={{ margin: "8px 0" }} data-testid="unassessing-confirm">
          {text}
        </Typography.Paragraph>
      ),
      okText: "仍要导入",
      okButtonProps: { danger: true, "data-testid": "unassessing-confirm-ok" } as ButtonProps,
      cancelText: "取消",
      cancelButtonProps: { "data-testid": "unassessing-confirm-cancel" } as ButtonProps,
      onOk: () => confirmHeld(heldJobId),
      onCancel: () => cancelHeld(heldJobId),
    });
  };
  const confirmHeld = async (heldJobId: string) => {
    try {
      settled.current = null;
      const { jobId: next } = await client.imports.confirm.mutate({ jobId: heldJobId });
      follow(next);
    } catch (err) {
      message.error(errorText(err));
    }
  };
  const cancelHeld = async (heldJobId: string) => {
    try {
      await client.imports.cancel.mutate({ jobId: heldJobId });
      void queryClient.invalidateQueries({ queryKey: trpc.imports.job.queryKey({ jobId: heldJobId }) });
      message.info("已取消，没有导入任何数据");
    } catch (err) {
      message.error(errorText(err));
    }
  };

  /** The kinds chosen: the import goes on with the files already uploaded. */
  const continueWithChoices = async () => {
    if (phase.step !== "choose") return;
    try {
      await startJob(phase.files.map((f) => (choices[f.uploadId] ? { uploadId: f.uploadId, kind: choices[f.uploadId] } : f)));
    } catch (err) {
      failedToStart(err);
    }
  };

  const confirmUndo = (batch: ImportBatch) => {
    modal.confirm({
      title: `撤销导入“${batch.fileName}”？`,
      width: 520,
      content: (
        <div data-testid="undo-confirm">
          <p style={{ margin: "8px 0" }}>
            将删除本批次新增的 {batch.inserted.toLocaleString("zh-CN")} 条{KIND_LABEL[batch.kind as DataKind] ?? ""}记录，并把本批次更新的{" "}
            {batch.updated.toLocaleString("zh-CN")} 条记录恢复为导入前的内容；已采纳异议形成的数据更正仍然保留。
          </p>
          <Typography.Text type="secondary">
            之后的导入又修改了这些记录时，系统会拒绝撤销并说明原因；已发布的结果依据了本批次的数据时，会先请您确认。撤销全部完成或全部不做，并记入审计日志。
          </Typography.Text>
        </div>
      ),
      okText: "撤销导入",
      okButtonProps: { danger: true, "data-testid": "undo-confirm-ok" } as ButtonProps,
      cancelText: "取消",
      onOk: () => runUndo(batch, false),
    });
  };

  const runUndo = async (batch: ImportBatch, confirmPublished: boolean) => {
    try {
      const done = await undo.mutateAsync({ batchId: batch.id, ...(confirmPublished ? { confirmPublished } : {}) });
      message.success(`已撤销“${done.fileName}”：删除 ${done.removed.toLocaleString("zh-CN")} 条，恢复 ${done.restored.toLocaleString("zh-CN")} 条`);
      // everything scored from the data is out of date
      void queryClient.invalidateQueries({ predicate: (q) => !isJobQuery(q.queryKey) });
    } catch (err) {
      // a published period rests on the batch: asked, then undone (the period to be published again)
      if (!confirmPublished && errorDetail<{ publishedPeriods?: string[] }>(err)?.publishedPeriods) {
        modal.confirm({
          title: "撤销会改变已发布结果所依据的数据",
          width: 560,
          content: <div data-testid="undo-published">{errorText(err)}</div>,
          okText: "仍要撤销",
          okButtonProps: { danger: true, "data-testid": "undo-published-ok" } as ButtonProps,
          cancelText: "不撤销",
          onOk: () => runUndo(batch, true),
        });
        return;
      }
      modal.error({
        title: "未能撤销，数据没有任何改变",
        width: 560,
        content: <div data-testid="undo-refused">{errorText(err)}</div>,
        okText: "知道了",
      });
      void queryClient.invalidateQueries({ queryKey: trpc.imports.list.queryKey() });
    }
  };

  const reset = () => {
    setPicked([]);
    setPhase({ step: "idle" });
    setStartError(null);
  };

  const pickedColumns: TableColumnsType<Picked> = [
    {
      title: "文件",
      key: "name",
      ellipsis: true,
      render: (_, p) => (
        <Space size={6}>
          {/\.(?:xlsx|xls|ods|xml)$/i.test(p.file.name) ? (
            <FileExcelOutlined style={{ color: "#389e0d" }} />
          ) : (
            <FileTextOutlined style={{ color: "#8c8c8c" }} />
          )}
          <span>{p.file.name}</span>
        </Space>
      ),
    },
    {
      title: "识别为",
      key: "kind",
      width: 210,
      render: (_, p) =>
        !isAcceptedFormat(p.file.name) ? (
          <Typography.Text type="danger">不是 {TABLE_FILE_TYPES_TEXT} 文件</Typography.Text>
        ) : p.kind && !p.chosen ? (
          <KindTag kind={p.kind} />
        ) : (
          // the name does not tell: the server reads the header row, or the user says what the file holds
          <Select<DataKind | "header">
            size="small"
            style={{ width: 180 }}
            aria-label={`${p.file.name} 的数据种类`}
            value={p.kind ?? "header"}
            disabled={running}
            onChange={(v) => setPicked((list) => list.map((x) => (x.uid === p.uid ? { ...x, kind: v === "header" ? null : v, chosen: v !== "header" } : x)))}
            options={[
              { value: "header", label: "按表头自动判断" },
              ...(Object.keys(KIND_LABEL) as DataKind[]).map((k) => ({ value: k, label: KIND_LABEL[k] })),
            ]}
          />
        ),
    },
    { title: "大小", key: "size", width: 100, align: "right", render: (_, p) => fileSize(p.file.size) },
    {
      title: "",
      key: "remove",
      width: 56,
      render: (_, p) => (
        <Button
          type="text"
          size="small"
          icon={<DeleteOutlined />}
          aria-label={`移除 ${p.file.name}`}
          disabled={running}
          onClick={() => setPicked((list) => list.filter((x) => x.uid !== p.uid))}
        />
      ),
    },
  ];

  const j = job.data;
  const result = j?.result;
  // an import held for the user's confirmation (units it would take out of every ranking): why, else none
  const toConfirm = result && !result.ok ? result.confirm : undefined;
  const finished = j && j.state !== "running";
  // every file read, the import still writing and committing: not to be taken for done
  const saving = j?.state === "running" && j.progress.phase === "saving" && contact === "answering";
  const percent =
    phase.step === "uploading"
      ? Math.min(100, Math.floor((phase.sent / Math.max(1, phase.total)) * 100))
      : phase.step === "job" && j
        ? Math.min(100, Math.floor(j.progress.fraction * 100))
        : 0;
  const progressText = (() => {
    if (phase.step === "uploading") return `正在上传：${fileSize(phase.sent)} / ${fileSize(phase.total)}`;
    if (phase.step === "inspecting") return "正在读取文件表头…";
    if (phase.step === "starting") return "正在开始导入…";
    if (contact === "reconnecting") return RECONNECTING_TEXT;
    if (contact === "lost") return "本次导入没有完成，没有保存任何数据";
    if (contact === "kept") return "已完成（服务器随后重新启动）";
    if (contact === "ended") return "没有导入任何数据（服务器随后重新启动）";
    if (!j) return "正在排队…";
    if (j.state === "running") return runningText(j.progress);
    if (j.state === "done") return `已完成：${j.files.join("、")}`;
    if (toConfirm) return `已检查 ${j.files.join("、")}：需要确认，没有导入任何数据`;
    return result && !result.ok ? `已检查 ${j.files.join("、")}：发现问题，没有导入任何数据` : "导入失败，没有导入任何数据";
  })();

  return (
    <div>
      <div style={{ display: "flex", justifyContent: "space-between", alignItems: "center", gap: 12, flexWrap: "wrap" }}>
        <Typography.Title level={3} className="kh-page-title" style={{ marginBottom: 4 }}>
          数据
        </Typography.Title>
        <Space wrap>
          {canImport && (
            <Button icon={<FormOutlined />} onClick={() => setEventEntryOpen(true)} disabled={running} data-testid="open-event-entry">
              登记考核事件
            </Button>
          )}
          {canImport && (
            <Button icon={<CheckSquareOutlined />} onClick={() => setFactEntryOpen(true)} disabled={running} data-testid="open-fact-entry">
              填报年度事项
            </Button>
          )}
          <Button icon={<FileTextOutlined />} onClick={() => setFormatsOpen(true)} data-testid="open-file-formats">
            文件格式与模板
          </Button>
        </Space>
      </div>
      <FileFormatsDrawer open={formatsOpen} onClose={() => setFormatsOpen(false)} />
      {canImport && <EventEntryModal open={eventEntryOpen} onClose={() => setEventEntryOpen(false)} onStarted={followForm} />}
      {canImport && <FactEntryModal open={factEntryOpen} onClose={() => setFactEntryOpen(false)} onStarted={followForm} />}
      <Typography.Paragraph type="secondary">
        {canImport
          ? "导入热线平台导出的单位、工单、考核事件、年度事实，以及节假日安排。导入后，各月排名与年度考核会按新数据重新计算。"
          : "热线平台导出的单位、工单、考核事件、年度事实与节假日安排，在此导入；各月排名与年度考核按导入的数据计算。"}
      </Typography.Paragraph>

      {canImport ? (
        <div style={{ display: "flex", gap: 16, alignItems: "stretch", flexWrap: "wrap", marginBottom: 16 }}>
          {/* side by side on a wide screen (the upload taking most of the room); each a full row when they wrap */}
          <Card title="上传文件" style={{ flex: "3 1 560px", minWidth: 0 }}>
            <Upload.Dragger
              multiple
              accept={TABLE_FILE_EXTENSIONS.join(",")}
              showUploadList={false}
              fileList={[]}
              beforeUpload={(file) => {
                addFile(file);
                return false;
              }}
              disabled={running}
              data-testid="upload-input"
            >
              <p className="ant-upload-drag-icon">
                <InboxOutlined />
              </p>
              <p className="ant-upload-text">点击选择文件，或把文件拖到这里</p>
              <p className="ant-upload-hint">
                可一次选择多个 {TABLE_FILE_TYPES_TEXT} 文件；数据种类按文件名（units、orders、events、facts、calendar 或 单位、工单、事件、事实、节假日
                开头）或表头的列名判断
              </p>
            </Upload.Dragger>

            {picked.length > 0 && phase.step === "idle" && (
              <div style={{ marginTop: 16 }}>
                <Table<Picked>
                  rowKey="uid"
                  size="small"
                  columns={pickedColumns}
                  dataSource={picked}
                  pagination={false}
                  data-testid="picked-files"
                  footer={() => (
                    <Typography.Text type="secondary">
                      共 {picked.length} 个文件，{fileSize(totalBytes)}
                    </Typography.Text>
                  )}
                />
                {unknown.length > 0 && (
                  <Alert
                    style={{ marginTop: 12 }}
                    type="info"
                    showIcon
                    title="有文件无法从文件名判断数据种类"
                    description={`${unknown.map((p) => `“${p.file.name}”`).join("、")} 将按表头的列名判断是单位、工单、考核事件、年度事实还是节假日安排；也可以在“识别为”一栏中直接选择。`}
                  />
                )}
                {badFormat.length > 0 && (
                  <Alert
                    style={{ marginTop: 12 }}
                    type="warning"
                    showIcon
                    title={`只能导入 ${TABLE_FILE_TYPES_TEXT} 文件`}
                    description={`请在 Excel 中把 ${badFormat.map((p) => `“${p.file.name}”`).join("、")} 另存为 CSV（UTF-8）或 Excel 工作簿（.xlsx）后上传。`}
                  />
                )}
                {(tooMany || tooBig.length > 0) && (
                  <Alert
                    style={{ marginTop: 12 }}
                    type="warning"
                    showIcon
                    title={tooMany ? `一次最多上传 ${MAX_FILES} 个文件` : `${tooBig.map((p) => `“${p.file.name}”`).join("、")} 超过 200 MB`}
                    description={tooMany ? "请分批上传。" : "请按月份拆分后分批上传。"}
                  />
                )}
                <Space style={{ marginTop: 16 }}>
                  <Button type="primary" onClick={begin} disabled={!canStart} loading={running} data-testid="start-import">
                    开始导入
                  </Button>
                  <Button onClick={reset} disabled={running}>
                    清空
                  </Button>
                  <Checkbox checked={laterRowWins} onChange={(e) => setLaterRowWins(e.target.checked)} disabled={running} data-testid="later-row-wins">
                    以后出现的行为准
                  </Checkbox>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    同一编号出现多次且内容不同时，取后一行（更正文件；同类的几个文件按文件名顺序读取，如 工单2018-12 在 工单2019-01
                    之前）；不勾选时视为问题，不导入
                  </Typography.Text>
                </Space>
              </div>
            )}

            {startError && phase.step === "idle" && (
              <Alert style={{ marginTop: 16 }} type="error" showIcon title="导入未开始，未保存任何数据" description={startError} data-testid="start-error" />
            )}
          </Card>

          <Card title="文件要求" style={{ flex: "1 1 380px", minWidth: 300 }} data-testid="import-help">
            <div className="kh-data-help">
              <p>
                <b>数据种类</b>：按文件名判断，以 <Tag>units</Tag>
                <Tag>orders</Tag>
                <Tag>events</Tag>
                <Tag>facts</Tag>
                <Tag>calendar</Tag>或 <Tag>单位</Tag>
                <Tag>工单</Tag>
                <Tag>事件</Tag>
                <Tag>事实</Tag>
                <Tag>节假日</Tag>开头，如“orders-2017-10.csv”“工单2017年10月.xlsx”；文件名看不出时按表头的列名判断，也可以手动选择。
              </p>
              <p>
                <b>格式</b>：CSV（逗号、分号或制表符分隔，自动识别；Excel 另存的“Unicode 文本”或“文本文件（制表符分隔）”.txt 或 .tsv 也可以）或 Excel
                工作簿（.xlsx；旧版 Excel 的 .xls、LibreOffice 的 .ods、热线平台“导出 Excel”得到的网页表格或“XML 电子表格 2003”（.xls、.xml）
                也可以。读有所需列名的可见工作表，“说明”“示例”等页除外；每月一张等几张工作表都有这些列名时逐张读入，各张的列须相同）。第一行是列名（上方的标题行会跳过），每行一条记录。各类文件的必填与选填列、示例，以及
                CSV 和 Excel 模板，见
                <Button type="link" size="small" style={{ paddingInline: 4, height: "auto" }} onClick={() => setFormatsOpen(true)}>
                  文件格式与模板
                </Button>
              </p>
              <p>
                <b>编码</b>：CSV 可以是 UTF-8（带或不带 BOM）、GBK/GB18030（Excel“另存为 CSV”的默认编码）或 UTF-16（Excel 的“Unicode 文本”），系统自动识别。
              </p>
              <p>
                <b>全部成功或全部不保存</b>
                ：一次上传的文件中只要有一处问题，就不保存任何数据，并列出每处问题的文件、行、列和原因。同一文件重复导入不会产生重复记录。
              </p>
              <p style={{ marginBottom: 0 }}>
                <b>数量与大小</b>：一次最多 {MAX_FILES} 个文件，每个文件不超过 200 MB；多个文件按 单位 → 工单 → 事件 → 事实 → 节假日 的顺序导入。
              </p>
            </div>
          </Card>
        </div>
      ) : (
        <Alert style={{ marginBottom: 16 }} type="info" showIcon title="您可以查看导入记录；导入数据需要考核管理员权限" data-testid="import-not-allowed" />
      )}

      {phase.step === "choose" && (
        <Card
          title="选择数据种类"
          style={{ marginBottom: 16 }}
          data-testid="choose-kinds"
          extra={
            <Button size="small" onClick={() => setFormatsOpen(true)}>
              查看各类文件的列
            </Button>
          }
        >
          <KindChooser files={phase.undetermined} choices={choices} onChoose={(id, kind) => setChoices((c) => ({ ...c, [id]: kind }))} />
          <Space style={{ marginTop: 16 }}>
            <Button
              type="primary"
              onClick={continueWithChoices}
              disabled={phase.undetermined.some((f) => !choices[f.uploadId])}
              loading={start.isPending}
              data-testid="continue-import"
            >
              按所选种类继续导入
            </Button>
            <Button onClick={() => setPhase({ step: "idle" })}>取消</Button>
          </Space>
        </Card>
      )}

      {phase.step !== "idle" && phase.step !== "choose" && (
        <Card
          ref={statusCard}
          title={finished || job.error ? "导入结果" : "导入进度"}
          style={{ marginBottom: 16 }}
          data-testid="import-status"
          extra={
            (finished || job.error) && (
              <Button size="small" icon={<ReloadOutlined />} onClick={reset} data-testid="import-again">
                {againLabel(j?.state ?? null, contact)}
              </Button>
            )
          }
        >
          <Progress
            percent={j?.state === "done" || contact === "kept" ? 100 : percent}
            status={
              contact === "kept" ? "success" : job.error || j?.state === "failed" ? "exception" : j?.state === "done" ? "success" : saving ? "normal" : "active"
            }
            format={saving ? () => "保存中" : undefined}
            data-testid="import-progress"
          />
          <Typography.Text type="secondary" data-testid="import-progress-text">
            {progressText}
          </Typography.Text>
          {j && j.jobId === resumedJobId && (
            <Typography.Paragraph type="secondary" style={{ margin: "8px 0 0" }} data-testid="import-resumed">
              这次导入由 {j.createdBy} 于 {localTime(Date.parse(j.startedAt))} 开始，在服务器上进行；离开或刷新本页不影响导入。
            </Typography.Paragraph>
          )}

          {contact === "lost" && (
            <Alert
              style={{ marginTop: 16 }}
              type="error"
              showIcon
              title="本次导入没有完成"
              description={errorText(job.error)}
              data-testid="import-interrupted"
            />
          )}
          {(contact === "kept" || contact === "ended") && (
            <Alert
              style={{ marginTop: 16 }}
              type={contact === "kept" ? "success" : "error"}
              showIcon
              title={contact === "kept" ? "导入已完成" : "本次导入没有保存数据"}
              description={errorText(job.error)}
              data-testid="import-ended"
            />
          )}
          {contact === "error" && <Alert style={{ marginTop: 16 }} type="error" showIcon title="无法查询导入进度" description={errorText(job.error)} />}

          {j?.state === "done" && result?.ok && (
            <div style={{ marginTop: 16 }}>
              <Alert
                type="success"
                showIcon
                icon={<CheckCircleFilled />}
                title="导入成功"
                description={`共 ${result.files.length} 个文件，${sum(result.files, "rows")} 行：新增 ${sum(result.files, "inserted")}，更新 ${sum(result.files, "updated")}，未变 ${sum(result.files, "unchanged")}。`}
                style={{ marginBottom: 12 }}
                data-testid="import-success"
              />
              <ImportSheets files={result.files} />
              <ImportCorrections files={result.files} />
              <ImportRepeats files={result.files} />
              <ImportSkipped files={result.files} />
              <ImportChanged files={result.files} />
              <ImportWarnings warnings={result.warnings} />
              <ReportTable files={result.files} />
            </div>
          )}

          {j?.state === "failed" && (
            <div style={{ marginTop: 16 }} data-testid="import-failed">
              <Alert
                type={toConfirm ? "warning" : "error"}
                showIcon
                icon={toConfirm ? undefined : <CloseCircleFilled />}
                title={toConfirm ? "需要确认，还没有导入任何数据" : "导入未成功，未保存任何数据"}
                description={toConfirm ? toConfirm.zh : j.error?.zh}
                action={
                  j.confirmable && (
                    <Space orientation="vertical">
                      <Button size="small" danger onClick={() => void confirmHeld(j.jobId)} data-testid="unassessing-import">
                        仍要导入
                      </Button>
                      <Button size="small" onClick={() => void cancelHeld(j.jobId)}>
                        取消
                      </Button>
                    </Space>
                  )
                }
                style={{ marginBottom: 12 }}
                data-testid={toConfirm ? "import-unconfirmed" : undefined}
              />
              {result && !result.ok && result.problems.length > 0 && (
                <>
                  <div style={{ display: "flex", justifyContent: "space-between", alignItems: "center", gap: 12, flexWrap: "wrap", margin: "4px 0 8px" }}>
                    <Typography.Title level={5} style={{ margin: 0 }}>
                      问题清单
                      <Typography.Text type="secondary" style={{ fontWeight: "normal", fontSize: 13, marginLeft: 8 }} data-testid="problem-count">
                        共 {result.problemCount.toLocaleString("zh-CN")} 处
                        {problemListNotes(result.problems, result.problemCount)
                          .map((note) => `，${note}`)
                          .join("")}
                      </Typography.Text>
                    </Typography.Title>
                    <ProblemDownloads jobId={j.jobId} />
                  </div>
                  <ProblemsTable problems={result.problems} />
                </>
              )}
            </div>
          )}
        </Card>
      )}

      <Card
        title="导入记录"
        extra={
          <Button size="small" icon={<ReloadOutlined />} onClick={() => history.refetch()} loading={history.isFetching}>
            刷新
          </Button>
        }
        styles={{ body: { padding: 0 } }}
      >
        {history.error ? (
          <Alert type="error" showIcon title={errorText(history.error)} style={{ margin: 16 }} />
        ) : (
          <>
            {(interrupted.data ?? []).length > 0 && (
              <div style={{ margin: 16 }} data-testid="imports-interrupted">
                {(interrupted.data ?? []).map((lost) => (
                  <Alert
                    key={lost.runId}
                    type="warning"
                    showIcon
                    style={{ marginBottom: 8 }}
                    title={
                      <Space size={8} wrap>
                        <Tag color="warning">中断（服务器重启，未保存数据）</Tag>
                        <span>{lost.files.join("、")}</span>
                      </Space>
                    }
                    description={`${lost.startedBy} 于 ${localTime(Date.parse(lost.startedAt))} 开始导入，服务器在导入过程中停止（${localTime(Date.parse(lost.foundAt))} 重新启动时发现）。导入全部成功才保存，本次没有保存任何数据：请重新导入这些文件。`}
                  />
                ))}
              </div>
            )}
            <ImportsTable batches={history.data ?? []} loading={history.isPending} onUndo={canImport ? confirmUndo : undefined} />
            <Typography.Paragraph type="secondary" style={{ margin: "8px 16px 12px" }} data-testid="imports-unstored-note">
              这里只列出保存了数据的导入；未通过检查（一行未存）或数据没有变化的导入不列在这里，记在审计日志中（谁、何时、哪些文件、多少问题）。
            </Typography.Paragraph>
          </>
        )}
      </Card>
    </div>
  );
}
