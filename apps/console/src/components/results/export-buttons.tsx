/** Downloads beside the tables: the year's table (XLSX) and the records behind one number (XLSX). */
import { DownloadOutlined } from "@ant-design/icons";
import { periodLabel } from "@kaohe/time";
import { App, Button, Tooltip } from "antd";
import { useState } from "react";
import { useAuth } from "../../lib/auth.tsx";
import { downloadExport } from "../bulletin/download.ts";

function ExportButton({
  url,
  fileName,
  title,
  label,
  testId,
  disabled,
}: {
  url: string;
  fileName: string;
  title: string;
  label: string;
  testId: string;
  disabled?: boolean;
}) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  return (
    <Tooltip title={title}>
      <Button
        icon={<DownloadOutlined />}
        loading={busy}
        disabled={disabled}
        onClick={async () => {
          setBusy(true);
          const problem = await downloadExport(url, fileName).finally(() => setBusy(false));
          if (problem) message.error(problem);
        }}
        data-testid={testId}
      >
        {label}
      </Button>
    </Tooltip>
  );
}

/** 年度考核: every category's year-end table with each month's score and the yearly checklist, as XLSX. */
export function YearExportButton({
  year,
  disabled,
  disabledReason,
}: {
  year: string;
  disabled?: boolean;
  /** why it is disabled, said over it (a year not begun has no table) */
  disabledReason?: string;
}) {
  // every unit's results: those who read every unit's (as the monthly report)
  if (!useAuth().can("results.read")) return null;
  return (
    <ExportButton
      url={`/export/year/${year}.xlsx`}
      fileName={`年度考核-${year}.xlsx`}
      title={disabledReason ?? "下载各类别的年终成绩表（含各月得分与综合管理考核），Excel"}
      label="导出年度表"
      testId="year-export-button"
      disabled={disabled}
    />
  );
}

/** The records behind one number of one unit (all pages, the search applied), as XLSX. */
export function DrilldownExportButton({
  period,
  unitCode,
  measure,
  notIn,
  search,
  assessment,
}: {
  period: string;
  unitCode: string;
  measure: string;
  notIn?: string;
  search?: string;
  assessment?: string;
}) {
  const params = new URLSearchParams({
    period,
    unit: unitCode,
    measure,
    ...(notIn ? { notIn } : {}),
    ...(search ? { search } : {}),
    ...(assessment ? { assessment } : {}),
  });
  return (
    <ExportButton
      url={`/export/drilldown.xlsx?${params}`}
      fileName={`明细-${periodLabel(period)}.xlsx`}
      title={search ? `下载编号含“${search}”的全部记录（Excel）` : notIn ? "下载失分的全部记录（Excel）" : "下载计入本项的全部记录（Excel）"}
      label="导出"
      testId="drilldown-export-button"
    />
  );
}
