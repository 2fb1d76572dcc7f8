/** The audit log as CSV lines, for the export route. */

import type { Store } from "@kaohe/db";
import { type AuditQuery, eachAuditEntry } from "./audit.ts";

/** A cell as Excel and WPS read it: quoted, and a leading = + - @ made harmless (no formula from a log entry). */
function cell(value: unknown): string {
  let text = value === null || value === undefined ? "" : typeof value === "string" ? value : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

const beijing = (d: Date) => d.toLocaleString("sv-SE", { timeZone: "Asia/Shanghai" });

export async function* eachAuditCsvLine(store: Store, query: AuditQuery): AsyncGenerator<string> {
  yield `${["时间（北京时间）", "操作人", "操作", "对象", "对象编号", "详情", "地址"].map(cell).join(",")}\r\n`;
  for await (const e of eachAuditEntry(store, query)) {
    yield `${[beijing(e.at), e.actor, e.action, e.entity, e.entityId, e.detail, e.address].map(cell).join(",")}\r\n`;
  }
}
