/** /rubrics/:id — one rubric version in the editor: checked as you type, formatted, saved, published. */
import {
  ArrowLeftOutlined,
  CopyOutlined,
  DiffOutlined,
  DownOutlined,
  FormatPainterOutlined,
  LockOutlined,
  SaveOutlined,
  SendOutlined,
} from "@ant-design/icons";
import { type Diagnostic, format, parse, translateKeywords } from "@kaohe/rules-dsl";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Dropdown, Result, Space, Spin, Tag, Tooltip, Typography } from "antd";
import { useCallback, useEffect, useRef, useState } from "react";
import { Link, useBlocker, useParams } from "react-router";
import { DiagnosticsList } from "../../components/editor/DiagnosticsList.tsx";
import { RubricEditor, type RubricEditorHandle } from "../../components/editor/RubricEditor.tsx";
import { useAuth } from "../../lib/auth.tsx";
import { monthLabel } from "../../lib/format.ts";
import { errorText, useTRPC } from "../../lib/trpc.ts";
import "./rubrics.css";
import { currentMonth, isoTime, periodText, type RubricDetail, StatusTag, useCreateDraftFrom, versionTitle } from "./shared.tsx";

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

/** CodeMirror keeps "\n" only: the text as the editor holds it. */
const normalize = (text: string) => text.replace(/\r\n?/g, "\n");

function EditorBody({ version }: { version: RubricDetail }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message, modal } = App.useApp();
  const editor = useRef<RubricEditorHandle>(null);
  const [savedText, setSavedText] = useState(() => normalize(version.text));
  const [text, setText] = useState(savedText);
  const [diagnostics, setDiagnostics] = useState<Diagnostic[] | null>(null);
  const { can } = useAuth();
  // a published version is read-only for everyone; a draft for those who may not edit drafts
  const mayEdit = can("rubrics.edit");
  const readOnly = version.status !== "draft" || !mayEdit;
  const dirty = !readOnly && text !== savedText;
  const { copyVersion, pending: copying } = useCreateDraftFrom();
  const inForce = useQuery({ ...trpc.rubrics.inForce.queryOptions({ period: currentMonth() }), retry: false });

  const getKey = trpc.rubrics.get.queryKey({ id: version.id });
  const afterChange = (v: RubricDetail) => {
    queryClient.setQueryData(getKey, v);
    void queryClient.invalidateQueries({ queryKey: trpc.rubrics.list.queryKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.rubrics.inForce.queryKey() });
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
    try {
      await save.mutateAsync({ id: version.id, text: current });
      setSavedText(current);
      if (!quiet) message.success("已保存");
      return true;
    } catch (err) {
      message.error(errorText(err));
      return false;
    }
  };
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
  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      e.preventDefault();
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => window.removeEventListener("beforeunload", onBeforeUnload);
  }, [dirty]);
  const blocker = useBlocker(({ currentLocation, nextLocation }) => dirty && currentLocation.pathname !== nextLocation.pathname);
  const asking = useRef(false);
  useEffect(() => {
    if (blocker.state !== "blocked" || asking.current) return;
    asking.current = true;
    modal.confirm({
      title: "有未保存的修改",
      content: "离开此页面，未保存的修改将会丢失。确定离开吗？",
      okText: "放弃修改并离开",
      okButtonProps: { danger: true, "data-testid": "leave-confirm" },
      cancelText: "留在此页",
      onOk: () => {
        asking.current = false;
        blocker.proceed();
      },
      onCancel: () => {
        asking.current = false;
        blocker.reset();
      },
    });
  }, [blocker, modal]);

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

  const doPublish = () => {
    const current = editor.current?.getText() ?? text;
    const header = parse(current, { syntaxOnly: true }).ast.header;
    const errors = (diagnostics ?? []).filter((d) => d.severity === "error").length;
    const from = header?.from || version.effectiveFrom;
    const until = header ? header.until : version.effectiveUntil;
    modal.confirm({
      title: `发布“${header ? versionTitle(header) : versionTitle(version)}”？`,
      width: 520,
      content: (
        <div style={{ lineHeight: 1.8 }}>
          <p style={{ margin: "8px 0" }}>
            发布后此版本<b>成为只读，不能再修改，也不能删除</b>；以后如需修订，请复制为新草稿。
          </p>
          <p style={{ margin: "8px 0" }}>
            {from ? (
              <>
                此版本自<b> {monthLabel(from)} </b>起施行{until ? `，至 ${monthLabel(until)} 止` : ""}
                ：这些月份（及所在年度）的考核将按此版本计分；同一月份有多个已发布版本时，以施行起始月份最晚的为准。已发布的考核结果快照不会改变。发布前会先用现有数据计算{" "}
                {monthLabel(from)} 的得分，计分失败则不发布。
              </>
            ) : (
              "文件头没有写施行起始月份（in force from）。"
            )}
          </p>
          {dirty && <Alert type="info" showIcon title="尚未保存的修改会先保存，再发布。" style={{ marginTop: 8 }} />}
          {errors > 0 && <Alert type="error" showIcon title={`文本还有 ${errors} 处错误：有错误的规则不能发布。`} style={{ marginTop: 8 }} />}
        </div>
      ),
      okText: "确认发布",
      okButtonProps: { "data-testid": "publish-confirm" },
      cancelText: "取消",
      onOk: async () => {
        if (!(await doSave(true))) return;
        try {
          const v = await publish.mutateAsync({ id: version.id });
          message.success(`已发布“${versionTitle(v)}”，自 ${monthLabel(v.effectiveFrom)} 起施行`);
        } catch (err) {
          message.error({ content: errorText(err), duration: 8 });
        }
      },
    });
  };

  const onDiagnostics = useCallback((d: Diagnostic[]) => setDiagnostics(d), []);
  const jump = useCallback((d: Diagnostic) => editor.current?.select(d.range.start.offset, d.range.end.offset), []);

  const isInForce = inForce.data?.id === version.id;

  return (
    <div style={{ display: "flex", flexDirection: "column", gap: 12, height: "calc(100vh - 112px)", minHeight: 560 }}>
      <div style={{ display: "flex", alignItems: "flex-start", justifyContent: "space-between", gap: 16 }}>
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
        <Space wrap style={{ justifyContent: "flex-end", flexShrink: 0 }}>
          {!mayEdit ? null : readOnly ? (
            <Button type="primary" icon={<CopyOutlined />} loading={copying} onClick={() => copyVersion(version.id)} data-testid="copy-draft-button">
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
        {can("results.read") && (
          <Link to={`/compare?b=${version.id}`} data-testid="compare-in-force-link">
            <DiffOutlined /> 与施行中版本对比
          </Link>
        )}
      </div>
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
        onChange={setText}
        onDiagnostics={onDiagnostics}
        style={{ flex: 1, minHeight: 240 }}
      />
      <DiagnosticsList diagnostics={diagnostics} onSelect={jump} style={{ maxHeight: 190, flexShrink: 0 }} />
    </div>
  );
}
