/**
 * Text that goes into an HTML string (an echarts tooltip `formatter` returns
 * HTML): every value from data or rubric text passes through `escapeHtml`,
 * so a version such as `<img src=x onerror=…>` shows as text and never runs.
 * Prefer React or `textContent` wherever a string need not be HTML.
 */
const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;", "`": "&#96;" };

export function escapeHtml(value: unknown): string {
  if (value === null || value === undefined) return "";
  return String(value).replace(/[&<>"'`]/g, (c) => ENTITIES[c] as string);
}

/**
 * An HTML template whose interpolated values are escaped: html`<b>${name}</b>`.
 * The literal parts are the programmer's markup and stay as written.
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): string {
  return strings.reduce((out, s, i) => out + s + (i < values.length ? escapeHtml(values[i]) : ""), "");
}
