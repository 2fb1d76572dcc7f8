/** The attachments of an explanation or objection, each a download link. */
import { PaperClipOutlined } from "@ant-design/icons";
import { Space, Typography } from "antd";
import { fileSize } from "../data/files.ts";
import { attachmentUrl } from "./attachments.ts";
import type { AttachmentMeta } from "./types.ts";

export function AttachmentLinks({ attachments, compact }: { attachments: readonly AttachmentMeta[]; compact?: boolean }) {
  if (attachments.length === 0) return <Typography.Text type="secondary">无附件</Typography.Text>;
  return (
    <Space orientation={compact ? "vertical" : "horizontal"} size={compact ? 0 : [16, 4]} wrap={!compact} data-testid="attachment-links">
      {attachments.map((a) => (
        <span key={a.id} className="kh-attach-link">
          <a href={attachmentUrl(a.id)} download={a.fileName} title={`下载 ${a.fileName}`}>
            <PaperClipOutlined /> {a.fileName}
          </a>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {" "}
            {fileSize(a.size)}
          </Typography.Text>
        </span>
      ))}
    </Space>
  );
}
