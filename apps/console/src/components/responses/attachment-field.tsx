/**
 * A form control for attachments: each file chosen is uploaded at once (with
 * its progress), refused files say why in the server's words, and the
 * control's value is the tokens of the files uploaded, for the submission.
 */
import { CheckCircleFilled, PaperClipOutlined } from "@ant-design/icons";
import { App, Button, Progress, Typography, Upload } from "antd";
import { useEffect, useRef, useState } from "react";
import { fileSize } from "../data/files.ts";
import { ACCEPT_ATTRIBUTE, MAX_ATTACHMENTS, tooLargeText, uploadAttachment } from "./attachments.ts";
import "./responses.css";

interface Item {
  uid: string;
  name: string;
  size: number;
  percent: number;
  status: "uploading" | "done" | "error";
  token?: string;
  error?: string;
  abort: AbortController;
}

let serial = 0;

export function AttachmentField({
  id,
  value,
  onChange,
  onBusyChange,
  max = MAX_ATTACHMENTS,
  disabled,
}: {
  id?: string;
  value?: string[];
  onChange?: (tokens: string[]) => void;
  /** uploads are under way (the submission waits for them) */
  onBusyChange?: (busy: boolean) => void;
  max?: number;
  disabled?: boolean;
}) {
  const { message } = App.useApp();
  // the list as last written (several files chosen at once arrive before React re-renders)
  const list = useRef<Item[]>([]);
  const [items, setItems] = useState<Item[]>([]);
  const commit = (next: Item[]) => {
    list.current = next;
    setItems(next);
  };
  const last = useRef((value ?? []).join(","));

  // the form learns the tokens of the files uploaded, and whether any is still uploading
  useEffect(() => {
    const tokens = items.flatMap((i) => (i.status === "done" && i.token ? [i.token] : []));
    if (tokens.join(",") !== last.current) {
      last.current = tokens.join(",");
      onChange?.(tokens);
    }
    onBusyChange?.(items.some((i) => i.status === "uploading"));
  }, [items, onChange, onBusyChange]);

  // uploads still running when the form goes away are stopped
  useEffect(
    () => () => {
      for (const i of list.current) if (i.status === "uploading") i.abort.abort();
    },
    [],
  );

  const update = (uid: string, patch: Partial<Item>) => commit(list.current.map((i) => (i.uid === uid ? { ...i, ...patch } : i)));

  const add = (file: File) => {
    if (list.current.filter((i) => i.status !== "error").length >= max) {
      message.warning(`每次最多附 ${max} 个文件：请删去一些，或合并为一个 PDF`);
      return;
    }
    const big = tooLargeText(file);
    const item: Item = {
      uid: `a${++serial}`,
      name: file.name,
      size: file.size,
      percent: 0,
      status: big ? "error" : "uploading",
      error: big ?? undefined,
      abort: new AbortController(),
    };
    commit([...list.current, item]);
    if (big) return;
    uploadAttachment(file, (percent) => update(item.uid, { percent }), item.abort.signal).then(
      (staged) => update(item.uid, { status: "done", percent: 100, token: staged.token, name: staged.fileName }),
      (err: Error) => update(item.uid, { status: "error", error: err.message }),
    );
  };

  const remove = (item: Item) => {
    if (item.status === "uploading") item.abort.abort();
    commit(list.current.filter((i) => i.uid !== item.uid));
  };

  return (
    <div className="kh-attach-field">
      <Upload
        id={id}
        multiple
        accept={ACCEPT_ATTRIBUTE}
        showUploadList={false}
        disabled={disabled}
        beforeUpload={(file) => {
          add(file);
          return false;
        }}
      >
        <Button icon={<PaperClipOutlined />} disabled={disabled}>
          选择附件
        </Button>
      </Upload>
      {items.length > 0 && (
        <ul className="kh-attach-list" data-testid="attachment-uploads">
          {items.map((i) => (
            <li key={i.uid}>
              <div className="kh-attach-row">
                <PaperClipOutlined />
                <FileName name={i.name} />
                <Typography.Text type="secondary">{fileSize(i.size)}</Typography.Text>
                {i.status === "uploading" && <Progress percent={i.percent} size="small" style={{ width: 140, margin: 0 }} aria-label={`正在上传 ${i.name}`} />}
                {i.status === "done" && (
                  <Typography.Text type="success">
                    <CheckCircleFilled /> 已上传
                  </Typography.Text>
                )}
                {i.status === "error" && <Typography.Text type="danger">未能上传</Typography.Text>}
                <Button type="link" size="small" onClick={() => remove(i)} aria-label={`移除附件 ${i.name}`}>
                  {i.status === "uploading" ? "取消" : "移除"}
                </Button>
              </div>
              {i.status === "error" && (
                <Typography.Text type="danger" className="kh-attach-error">
                  {i.error}
                </Typography.Text>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** A file's name, shortened (when it must be) before its last few characters and its type: 延期批准单-县投诉…扫描件.pdf. */
function FileName({ name }: { name: string }) {
  const dot = name.lastIndexOf(".");
  const cut = Math.max(0, (dot > 0 && name.length - dot <= 8 ? dot : name.length) - 4);
  return (
    <span className="kh-attach-name" title={name}>
      <span className="kh-attach-stem">{name.slice(0, cut)}</span>
      <span className="kh-attach-end">{name.slice(cut)}</span>
    </span>
  );
}
