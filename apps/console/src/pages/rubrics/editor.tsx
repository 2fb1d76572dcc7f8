/** /rubrics/:id — one rubric version in the editor: checked as you type, formatted, saved, published. */
import {
  ArrowLeftOutlined,
  CopyOutlined,
  DiffOutlined,
  DownOutlined,
  FormatPainterOutlined,
  LockOutlined,
  ReadOutlined,
  SaveOutlined,
  SearchOutlined,
  SendOutlined,
} from "@ant-design/icons";
import { type Diagnostic, format, parse, type RecordColumn, translateKeywords } from "@kaohe/rules-dsl";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Drawer, Dropdown, Result, Skeleton, Space, Spin, Tag, Tooltip, Typography } from "antd";
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Link, useParams } from "react-router";
import { saveTextDownload } from "../../components/data/download.ts";
import { DiagnosticsList } from "../../components/editor/DiagnosticsList.tsx";
import { RubricEditor, type RubricEditorHandle } from "../../components/editor/RubricEditor.tsx";
import { lintDiagnostics, sameColumns } from "../../components/editor/rules-lint.ts";
import { useAuth } from "../../lib/auth.tsx";
import { monthLabel } from "../../lib/format.ts";
import { usePhone } from "../../lib/layout.ts";
import { useLeaveGuard } from "../../lib/leave-guard.ts";
import { errorDetail, errorText, useTRPC } from "../../lib/trpc.ts";
import "./rubrics.css";
import { CopyDraftDialog } from "./copy-dialog.tsx";
import { PublishDialog } from "./publish-dialog.tsx";
import { currentMonth, isoTime, periodText, type RubricDetail, StatusTag, versionTitle } from "./shared.tsx";

/** The manual (markdown-it and some 2,800 lines of text) loads when first opened. */
const ManualPanel = lazy(async () => ({ default: (await import("../reference/manual-panel.tsx")).ManualPanel }));

export function RubricEditorPage() {
  const { id: param } = useParams();
  const id = Number(param);
  const valid = Number.isInteger(id) && id > 0;
  const trpc = useTRPC();
  const version = useQuery({ ...trpc.rubrics.get.queryOptions({ id: valid ? id : 1 }), enabled: valid, staleTime: Number.POSITIVE_INFINITY });

  if (!valid) return <NotFound text={`“${param}”不是规则版本的编号`} />;
  if (version.isPending) {
    return (
      <div style={{ padding: 80, textAlign: "center" }}>
        <Spin size="large" description="正在打开规则…" />
      </div>
    );
  }
  if (version.error) return <NotFound text={errorText(version.error)} />;
  return <EditorBody key={id} version={version.data} />;
}

function NotFound({ text }: { text: string }) {
  return (
    <Result
      status="warning"
      title="无法打开这个规则版本"
      subTitle={text}
      extra={
        <Link to="/rubrics">
          <Button type="primary">返回规则列表</Button>
        </Link>
      }
    />
  );
}

/** one object (DiagnosticsList is rendered again only when what it is given changes) */
const DIAGNOSTICS_STYLE = { maxHeight: 190, flexShrink: 0 } as const;

/** CodeMirror keeps "\n" only: the text as the editor holds it. */
const normalize = (text: string) => text.replace(/\r\n?/g, "\n");

/** What the saved text changed of the draft's header (名称, 版本, 施行自), in words; none when it is unchanged. */
function headerChanges(before: RubricDetail, after: RubricDetail): string[] {
  const month = (m: string | null) => (m ? monthLabel(m) : "未写明");
  const changes: string[] = [];
  if (after.effectiveFrom !== before.effectiveFrom) changes.push(`施行月份由 ${month(before.effectiveFrom)} 改为 ${month(after.effectiveFrom)}`);
  if (after.name !== before.name) changes.push(`名称由“${before.name}”改为“${after.name}”`);
  if (after.version !== before.version) changes.push(`版本由 ${before.version} 改为 ${after.version}`);
  return changes;
}

function EditorBody({ version }: { version: RubricDetail }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const editor = useRef<RubricEditorHandle>(null);
  const [savedText, setSavedText] = useState(() => normalize(version.text));
  // the stored text the editor's text is an edit of (not the latest the query fetched: that may be a colleague's since)
  const baseHash = useRef(version.contentHash);
  const [text, setText] = useState(savedText);
  const [diagnostics, setDiagnostics] = useState<Diagnostic[] | null>(null);
  const { can } = useAuth();
  // a published version is read-only for everyone; a draft for those who may not edit drafts
  const mayEdit = can("rubrics.edit");
  const readOnly = version.status !== "draft" || !mayEdit;
  const dirty = !readOnly && text !== savedText;
  const [copying, setCopying] = useState(false);
  const [publishing, setPublishing] = useState(false);
  // the publish refused because the draft was saved (by a colleague, another tab) after the dialog showed it
  const [publishRefusal, setPublishRefusal] = useState<string | null>(null);
  const [reloading, setReloading] = useState(false);
  // a save refused because the draft was saved elsewhere since, or published: said until resolved, not in a passing toast
  const [saveRefusal, setSaveRefusal] = useState<string | null>(null);
  const [manualOpen, setManualOpen] = useState(false);
  // once opened, the manual stays (with its search) while the panel is closed
  const [manualLoaded, setManualLoaded] = useState(false);
  const inForce = useQuery({ ...trpc.rubrics.inForce.queryOptions({ period: currentMonth() }), retry: false });
  // the columns of open values the text compares texts with (诉求类型 = "咨询类"), and the values the data holds in them
  // (KH267): asked again when the set of columns changes, not as the text is typed; none if the server cannot say
  const [recordColumns, setRecordColumns] = useState<RecordColumn[]>([]);
  const onRecordColumns = useCallback((next: RecordColumn[]) => setRecordColumns((prev) => (sameColumns(prev, next) ? prev : next)), []);
  const columnValues = useQuery({
    ...trpc.rubrics.columnValues.queryOptions({ columns: recordColumns }),
    enabled: mayEdit && recordColumns.length > 0,
    // the values of the columns asked before stay while the new set's are asked (keyed by column: the check takes its own)
    placeholderData: keepPreviousData,
    staleTime: 5 * 60_000,
    retry: false,
  });
  const dataValues = columnValues.isError ? null : (columnValues.data ?? null);

  const getKey = trpc.rubrics.get.queryKey({ id: version.id });
  const afterChange = (v: RubricDetail) => {
    queryClient.setQueryData(getKey, v);
    void queryClient.invalidateQueries({ queryKey: trpc.rubrics.list.queryKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.rubrics.inForce.queryKey() });
    // a comparison of this version computed before the change is of a text no longer saved (it was shown for 5 minutes)
    void queryClient.invalidateQueries({ queryKey: trpc.scores.compare.queryKey() });
  };
  const save = useMutation(trpc.rubrics.updateDraft.mutationOptions({ onSuccess: afterChange }));
  const publish = useMutation(trpc.rubrics.publish.mutationOptions({ onSuccess: afterChange }));

  /** Save the text as it is now; true when saved (or nothing to save). */
  const doSave = async (quiet = false, fromKeyboard = false): Promise<boolean> => {
    if (readOnly) {
      if (fromKeyboard) message.info(mayEdit ? "此版本已发布，只读：如需修改，请复制为新草稿" : "您的角色只能查看规则，不能修改");
      return true;
    }
    const current = editor.current?.getText() ?? text;
    if (current === savedText) {
      if (fromKeyboard) message.info("没有需要保存的修改");
      return true;
    }
    const before = queryClient.getQueryData<RubricDetail>(getKey) ?? version;
    try {
      // over the text last loaded or saved here: another tab's or a colleague's save since is a conflict, not overwritten
      const after = await save.mutateAsync({ id: version.id, text: current, baseHash: baseHash.current });
      baseHash.current = after.contentHash;
      setSavedText(current);
      // the draft's name, version and first month are read from the text: a change there moves the draft, said so
      const moved = headerChanges(before, after);
      // a draft may be saved with its errors (work in progress), but not published with them: said as it is saved
      const errors = (diagnostics ?? []).filter((d) => d.severity === "error").length;
      const unfinished = errors > 0 ? `；文本还有 ${errors} 处错误，改正后才能发布` : "";
      if (moved.length > 0) message.warning({ content: `已保存；按规则文本，${moved.join("，")}${unfinished}`, duration: 8 });
      else if (errors > 0 && !quiet) message.warning({ content: `已保存${unfinished}`, duration: 6 });
      else if (!quiet) message.success("已保存");
      return true;
    } catch (err) {
      const stale = errorDetail<{ draftChanged?: boolean; draftGone?: boolean }>(err);
      if (stale?.draftChanged || stale?.draftGone) setSaveRefusal(errorText(err));
      else message.error({ content: errorText(err), duration: 12 });
      return false;
    }
  };
  /** After a refused save: the text here (unsaved) as a file, to merge by hand into the version as it is now. */
  const downloadMine = () => saveTextDownload(`${version.name}（${version.version}）-未保存的修改.kh`, editor.current?.getText() ?? text);
  /**
   * The version as saved now into the editor, read again (`then`: what else follows from it); the editor's text is
   * replaced, anything unsaved given up.
   */
  const loadSaved = async (then: (latest: RubricDetail) => Promise<void> | void) => {
    setReloading(true);
    try {
      const latest = await queryClient.fetchQuery({ ...trpc.rubrics.get.queryOptions({ id: version.id }), staleTime: 0 });
      const latestText = normalize(latest.text);
      baseHash.current = latest.contentHash;
      setSavedText(latestText);
      editor.current?.setText(latestText);
      await then(latest);
    } catch (err) {
      message.error({ content: errorText(err), duration: 8 });
    } finally {
      setReloading(false);
    }
  };
  /** After a refused save: the version as it is now into the editor (this page's unsaved changes given up); read-only once published. */
  const loadLatest = () =>
    loadSaved(() => {
      setSaveRefusal(null);
      void queryClient.invalidateQueries({ queryKey: trpc.rubrics.list.queryKey() });
    });
  const saveRef = useRef(doSave);
  saveRef.current = doSave;

  // Ctrl+S / ⌘S saves, wherever the focus is
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === "s") {
        e.preventDefault();
        void saveRef.current(false, true);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  // leaving with unsaved changes: the browser asks on reload/close, the router here
  useLeaveGuard(() => dirty);

  /** Format keeping the file's keyword language, or with every keyword in Chinese or English. */
  const doFormat = (keywords?: "zh" | "en") => {
    const current = editor.current?.getText() ?? text;
    const result = format(current, { keywords });
    if (!result.ok && keywords) {
      // a syntax error: fmt leaves the text alone, but the keywords can still change language where they stand
      const translated = translateKeywords(current, keywords);
      if (translated !== current) {
        editor.current?.setText(translated);
        message.warning(`有语法错误，未整理格式；已把关键词改为${keywords === "zh" ? "中文" : "英文"}（可按 Ctrl+Z 撤销）`);
        return;
      }
    }
    if (!result.ok) {
      const first = result.diagnostics[0];
      message.error(`有 ${result.diagnostics.length} 处语法错误，改正后才能格式化${first ? `（第 ${first.range.start.line} 行：${first.message}）` : ""}`);
      return;
    }
    if (result.text === current) {
      message.info(keywords ? `关键词已都是${keywords === "zh" ? "中文" : "英文"}，文本已是统一格式` : "文本已是统一格式");
      return;
    }
    editor.current?.setText(result.text);
    message.success(keywords ? `已把关键词改为${keywords === "zh" ? "中文" : "英文"}并格式化（可按 Ctrl+Z 撤销）` : "已格式化（可按 Ctrl+Z 撤销）");
  };

  /** Save what is unsaved first (the dialog weighs the saved text), then show what publishing would change. */
  const doPublish = async () => {
    if (!(await doSave(true))) return;
    setPublishRefusal(null);
    setPublishing(true);
  };
  // the text as saved for the dialog, checked now: the live check runs a moment after typing, and may not have caught
  // up with the last edit (its warnings would be missing from the dialog)
  const published = useMemo(() => (publishing ? parse(editor.current?.getText() ?? text) : null), [publishing, text]);
  const publishHeader = published?.ast.header ?? null;
  const publishErrors = (published?.diagnostics ?? diagnostics ?? []).filter((d) => d.severity === "error").length;
  const publishWarnings = (published ? lintDiagnostics(published, dataValues) : []).filter((d) => d.severity === "warning");
  const confirmPublish = async () => {
    try {
      // the text saved here is the one the dialog shows and weighs: a save since (a colleague's) publishes nothing
      const v = await publish.mutateAsync({ id: version.id, contentHash: baseHash.current });
      setPublishing(false);
      message.success(`已发布“${versionTitle(v)}”，自 ${monthLabel(v.effectiveFrom)} 起施行`);
    } catch (err) {
      if (errorDetail<{ draftChanged?: boolean }>(err)?.draftChanged) setPublishRefusal(errorText(err));
      else message.error({ content: errorText(err), duration: 8 });
    }
  };
  /**
   * After such a refusal: the draft as saved now into the editor (nothing unsaved here: publishing saved it first, and
   * the dialog kept the editor from edits since), and what publishing it would change computed again.
   */
  const reloadForPublish = () =>
    loadSaved(async (latest) => {
      await queryClient.resetQueries({ queryKey: trpc.rubrics.publishImpact.queryKey({ id: version.id }) });
      setPublishRefusal(null);
      // published or withdrawn meanwhile: the page shows it read-only, nothing left to publish
      if (latest.status !== "draft") setPublishing(false);
    });

  const onDiagnostics = useCallback((d: Diagnostic[]) => setDiagnostics(d), []);
  const jump = useCallback((d: Diagnostic) => editor.current?.select(d.range.start.offset, d.range.end.offset), []);

  const isInForce = inForce.data?.id === version.id;
  const phone = usePhone();

  return (
    // the editor fills the screen below the toolbar; on a phone, whose toolbar wraps to several lines, the page scrolls
    // and the editor keeps most of a screen (fitted to it, it had 240 px)
    <div style={{ display: "flex", flexDirection: "column", gap: 12, ...(phone ? {} : { height: "calc(100vh - 112px)", minHeight: 560 }) }}>
      {/* the title above the toolbar when both do not fit on one line (a phone: the title was a character a line) */}
      <div style={{ display: "flex", alignItems: "flex-start", justifyContent: "space-between", gap: 16, flexWrap: "wrap" }}>
        <div style={{ minWidth: 0 }}>
          <Space size={8} align="center" wrap>
            <Link to="/rubrics" title="返回规则列表">
              <Button type="text" size="small" icon={<ArrowLeftOutlined />} aria-label="返回规则列表" />
            </Link>
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="rubric-name">
              {version.name}
            </Typography.Title>
            <StatusTag status={version.status} />
            {isInForce && <Tag color="red">施行中</Tag>}
            {!readOnly &&
              (dirty ? (
                <Tag color="orange" data-testid="dirty-tag">
                  未保存
                </Tag>
              ) : (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  已保存
                </Typography.Text>
              ))}
          </Space>
        </div>
        <Space wrap style={{ justifyContent: "flex-end", maxWidth: "100%" }}>
          <Tooltip title={readOnly ? "Ctrl+F 查找" : "Ctrl+F 查找，Ctrl+H 替换"}>
            <Button icon={<SearchOutlined />} onClick={() => editor.current?.openFindReplace()} data-testid="find-replace-button">
              {readOnly ? "查找" : "查找替换"}
            </Button>
          </Tooltip>
          <Tooltip title="规则语言手册：语句、表达式、内置函数、诊断代码，可搜索">
            <Button
              icon={<ReadOutlined />}
              onClick={() => {
                setManualOpen(true);
                setManualLoaded(true);
              }}
              data-testid="manual-button"
            >
              语言手册
            </Button>
          </Tooltip>
          {!mayEdit ? null : readOnly ? (
            <Button type="primary" icon={<CopyOutlined />} onClick={() => setCopying(true)} data-testid="copy-draft-button">
              复制为新草稿
            </Button>
          ) : (
            <>
              <Space.Compact>
                <Tooltip title="按统一格式整理缩进、空格和标点，关键词保持文件中多数关键词的语言（可撤销）">
                  <Button icon={<FormatPainterOutlined />} onClick={() => doFormat()} data-testid="format-button">
                    格式化
                  </Button>
                </Tooltip>
                <Dropdown
                  trigger={["click"]}
                  menu={{
                    items: [
                      { key: "zh", label: "格式化，关键词改为中文" },
                      { key: "en", label: "格式化，关键词改为英文" },
                    ],
                    onClick: ({ key }) => doFormat(key as "zh" | "en"),
                  }}
                >
                  <Button icon={<DownOutlined />} aria-label="关键词语言" data-testid="format-keywords-button" />
                </Dropdown>
              </Space.Compact>
              <Tooltip title="Ctrl+S">
                <Button icon={<SaveOutlined />} onClick={() => doSave()} disabled={!dirty} loading={save.isPending} data-testid="save-button">
                  保存
                </Button>
              </Tooltip>
              {can("rubrics.publish") && (
                <Button type="primary" icon={<SendOutlined />} onClick={doPublish} loading={publish.isPending} data-testid="publish-button">
                  发布
                </Button>
              )}
            </>
          )}
        </Space>
      </div>
      <div className="kh-rubric-meta" data-testid="rubric-meta">
        <span>
          版本 <Typography.Text code>{version.version}</Typography.Text>
        </span>
        <span>施行期 {periodText(version.effectiveFrom, version.effectiveUntil)}</span>
        <span>作者 {version.author}</span>
        {version.withdrawnAt ? (
          <Tooltip title={`撤回原因：${version.withdrawnReason ?? ""}`}>
            <span data-testid="withdrawn-meta">
              撤回 {isoTime(version.withdrawnAt)}（{version.withdrawnBy ?? "—"}）：{version.withdrawnReason}
            </span>
          </Tooltip>
        ) : null}
        {version.publishedAt ? (
          <span>
            发布 {isoTime(version.publishedAt)}（{version.publishedBy ?? "—"}）
          </span>
        ) : (
          <span>修改于 {isoTime(version.updatedAt)}</span>
        )}
        <Tooltip title={`内容哈希（SHA-256）：${version.contentHash}`}>
          <span>
            哈希 <Typography.Text code>{version.contentHash.slice(0, 12)}</Typography.Text>
          </span>
        </Tooltip>
        {/* (not on the version in force itself: it would be compared with itself; nor when none is: the page it led to
            asked to choose a version A, a new county's first draft having none to compare with) */}
        {can("results.read") && inForce.data !== undefined && !isInForce && (
          <Link to={`/compare?b=${version.id}`} data-testid="compare-in-force-link">
            <DiffOutlined /> 与施行中版本比较得分
          </Link>
        )}
      </div>
      {saveRefusal && !readOnly && (
        <Alert
          type="error"
          showIcon
          data-testid="save-refused"
          title={saveRefusal}
          action={
            <Space orientation="vertical" size={4}>
              <Button size="small" onClick={downloadMine} data-testid="save-refused-download">
                下载本页未保存的文本
              </Button>
              <Button size="small" danger loading={reloading} onClick={loadLatest} data-testid="save-refused-reload">
                载入最新版本（放弃本页修改）
              </Button>
            </Space>
          }
        />
      )}
      {readOnly && (
        <Alert
          type="info"
          showIcon
          icon={<LockOutlined />}
          data-testid="readonly-notice"
          title={
            !mayEdit
              ? "只读：您的角色可以查看规则，不能修改或发布。"
              : "此版本已发布，只读：已发布的版本用于计分，不能修改。如需修订，请点击右上角“复制为新草稿”，在草稿中修改后再发布。"
          }
        />
      )}
      <RubricEditor
        ref={editor}
        initialText={savedText}
        readOnly={readOnly}
        wrap={phone}
        onChange={setText}
        onDiagnostics={onDiagnostics}
        onRecordColumns={onRecordColumns}
        dataValues={dataValues}
        style={phone ? { height: "70vh", minHeight: 320, flexShrink: 0 } : { flex: 1, minHeight: 240 }}
      />
      <DiagnosticsList diagnostics={diagnostics} onSelect={jump} readOnly={readOnly} style={DIAGNOSTICS_STYLE} />
      <PublishDialog
        open={publishing}
        version={version}
        header={publishHeader ? { name: publishHeader.name, version: publishHeader.version, from: publishHeader.from, until: publishHeader.until } : null}
        errors={publishErrors}
        warnings={publishWarnings}
        publishing={publish.isPending}
        refusal={publishRefusal}
        reloading={reloading}
        onReload={reloadForPublish}
        onPublish={confirmPublish}
        onClose={() => setPublishing(false)}
      />
      <CopyDraftDialog source={copying ? version : null} onClose={() => setCopying(false)} />
      <Drawer
        title="规则语言手册"
        open={manualOpen}
        onClose={() => setManualOpen(false)}
        size={760}
        mask={false}
        extra={
          <a href="/reference" target="_blank" rel="noopener noreferrer" data-testid="manual-page-link">
            在新页面打开
          </a>
        }
        styles={{ body: { paddingTop: 12, display: "flex", flexDirection: "column" } }}
      >
        {manualLoaded && (
          <Suspense fallback={<Skeleton active paragraph={{ rows: 10 }} />}>
            <ManualPanel compact />
          </Suspense>
        )}
      </Drawer>
    </div>
  );
}
