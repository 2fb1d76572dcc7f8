/** The audit log as CSV lines, for the export route. */

import { csvSafe } from "@kaohe/data";
import type { Store } from "@kaohe/db";
import { type AuditQuery, eachAuditEntry } from "./audit.ts";
import { actionLabel, detailText, entityLabel } from "./audit-labels.ts";

/** A cell as Excel and WPS read it: quoted, and a leading = + - @ made harmless (no formula from a log entry: `csvSafe`). */
function cell(value: unknown): string {
  const text = csvSafe(value === null || value === undefined ? "" : typeof value === "string" ? value : JSON.stringify(value));
  return `"${text.replace(/"/g, '""')}"`;
}

const beijing = (d: Date) => d.toLocaleString("sv-SE", { timeZone: "Asia/Shanghai" });

export async function* eachAuditCsvLine(store: Store, query: AuditQuery): AsyncGenerator<string> {
  // in Chinese as the console shows it; the action's code and the detail as recorded (JSON) at the end, for a program
  yield `${["时间（北京时间）", "操作人", "操作", "对象", "对象编号", "详情", "地址", "操作代码", "详情（原始）"].map(cell).join(",")}\r\n`;
  for await (const e of eachAuditEntry(store, query)) {
    const row = [
      beijing(e.at),
      e.actor,
      actionLabel(e.action),
      e.entityName ? `${entityLabel(e.entity)} ${e.entityName}` : entityLabel(e.entity),
      e.entityId,
      detailText(e.detail, e.detailNames, e.entity),
      e.address,
      e.action,
      e.detail,
    ];
    yield `${row.map(cell).join(",")}\r\n`;
  }
}
