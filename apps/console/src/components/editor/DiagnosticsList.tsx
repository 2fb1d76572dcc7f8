/** The problems of a rubric text, under the editor: click one to jump to it. */
import { CheckCircleFilled, CloseCircleFilled, ExclamationCircleFilled, LoadingOutlined } from "@ant-design/icons";
import type { Diagnostic } from "@kaohe/rules-dsl";
import { Typography } from "antd";
import { type CSSProperties, memo } from "react";
import { severityLabel } from "./rules-lint.ts";

export interface DiagnosticsListProps {
  /** null before the first check */
  diagnostics: Diagnostic[] | null;
  onSelect: (d: Diagnostic) => void;
  /** the text cannot be typed in (a published version, or a role that may not edit): nothing is checked as you type */
  readOnly?: boolean;
  style?: CSSProperties;
}

/**
 * At most this many are listed (the editor still marks every one): a pasted wrong file can have thousands, and a list
 * of thousands made every keystroke wait for it (4,900 listed: 0.66 s a key).
 */
const DIAGNOSTICS_LISTED = 200;

/** Rendered again only when the diagnostics change (not at every keystroke: the editor's page renders then). */
export const DiagnosticsList = memo(function DiagnosticsList({ diagnostics, onSelect, readOnly = false, style }: DiagnosticsListProps) {
  const errors = diagnostics?.filter((d) => d.severity === "error").length ?? 0;
  const warnings = (diagnostics?.length ?? 0) - errors;
  return (
    <div className="kh-diag-list" style={style} data-testid="diagnostics-list">
      <div className="kh-diag-head">
        <Typography.Text strong>检查结果</Typography.Text>
        {diagnostics === null ? (
          <Typography.Text type="secondary">
            <LoadingOutlined /> 正在检查…
          </Typography.Text>
        ) : (
          <>
            <span data-testid="diagnostics-errors" style={{ color: errors > 0 ? "#cf1322" : "#8c8c8c" }}>
              <CloseCircleFilled /> {errors} 处错误
            </span>
            <span data-testid="diagnostics-warnings" style={{ color: warnings > 0 ? "#d46b08" : "#8c8c8c" }}>
              <ExclamationCircleFilled /> {warnings} 处警告
            </span>
            <Typography.Text type="secondary" style={{ fontSize: 12, marginLeft: "auto" }}>
              {readOnly ? "点击一条问题可跳到对应位置" : "输入时自动检查；点击一条问题可跳到对应位置"}
            </Typography.Text>
          </>
        )}
      </div>
      <div className="kh-diag-body">
        {diagnostics !== null && diagnostics.length === 0 && (
          <div className="kh-diag-empty">
            <CheckCircleFilled /> 没有发现问题。
          </div>
        )}
        {diagnostics?.slice(0, DIAGNOSTICS_LISTED).map((d, i) => (
          <button
            // diagnostics have no identity of their own; their order is stable within a check
            key={`${i}:${d.code}:${d.range.start.offset}`}
            type="button"
            className="kh-diag-item"
            data-testid="diagnostic-item"
            data-severity={d.severity}
            data-code={d.code}
            data-line={d.range.start.line}
            onClick={() => onSelect(d)}
          >
            {d.severity === "error" ? <CloseCircleFilled style={{ color: "#cf1322" }} /> : <ExclamationCircleFilled style={{ color: "#d48806" }} />}
            <span className="kh-diag-where">
              第 {d.range.start.line} 行，第 {d.range.start.column} 列
            </span>
            <span className="kh-diag-code" title={severityLabel[d.severity]}>
              {d.code}
            </span>
            {/* the diagnostic's Chinese message (its English is a field of its own, not shown) */}
            <span>{d.message}</span>
          </button>
        ))}
        {diagnostics && diagnostics.length > DIAGNOSTICS_LISTED && (
          <div className="kh-diag-more" data-testid="diagnostics-more">
            另有 {(diagnostics.length - DIAGNOSTICS_LISTED).toLocaleString("zh-CN")}{" "}
            处问题未列出（编辑器左侧与文字下方仍全部标出）。请先改正上面的问题：常常是同一处错误引起了后面的许多问题。
          </div>
        )}
      </div>
    </div>
  );
});
