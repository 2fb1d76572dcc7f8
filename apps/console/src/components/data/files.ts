/** Uploads in the browser: what a file holds (by its name, as the server decides) and its bytes as base64. */

export type DataKind = "units" | "orders" | "events" | "facts";

export const KIND_LABEL: Record<DataKind, string> = { units: "单位", orders: "工单", events: "考核事件", facts: "年度事实" };

/** The same rule as the server's `kindOfFile`: the name's beginning says what the file holds. */
const PREFIXES: [string, DataKind][] = [
  ["units", "units"],
  ["orders", "orders"],
  ["events", "events"],
  ["facts", "facts"],
  ["单位", "units"],
  ["责任单位", "units"],
  ["工单", "orders"],
  ["事件", "events"],
  ["考核事件", "events"],
  ["事实", "facts"],
  ["年度事实", "facts"],
];

export function kindOfFileName(name: string): DataKind | null {
  const base = (name.split(/[\\/]/).pop() ?? name).toLowerCase();
  for (const [prefix, kind] of PREFIXES) if (base.startsWith(prefix)) return kind;
  return null;
}

export const isAcceptedFormat = (name: string) => /\.(csv|xlsx)$/i.test(name);

export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** The file's bytes as base64, read without blocking the page. */
export function readAsBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result ?? "");
      const comma = url.indexOf(",");
      resolve(comma >= 0 ? url.slice(comma + 1) : "");
    };
    reader.onerror = () => reject(reader.error ?? new Error("无法读取文件"));
    reader.readAsDataURL(file);
  });
}

/** Upload limits (the server's: 50 files, 200 MB together). */
export const MAX_FILES = 50;
export const MAX_TOTAL_BYTES = 200 * 1024 * 1024;
