/**
 * A file from the server's /export routes, saved through the browser: fetched first, so that a refusal or an
 * error is shown as the server's Chinese message instead of being saved as a file.
 */
import { OFFLINE_TEXT } from "../../lib/trpc.ts";

/** The file name the server gives (RFC 5987 filename*), else the fallback. */
function fileNameOf(res: Response, fallback: string): string {
  const header = res.headers.get("content-disposition") ?? "";
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(header)?.[1];
  if (encoded) {
    try {
      return decodeURIComponent(encoded);
    } catch {
      return fallback;
    }
  }
  return fallback;
}

/** Download `url`; resolves to null when saved, else to the message to show. */
export async function downloadExport(url: string, fallbackName: string): Promise<string | null> {
  let res: Response;
  try {
    res = await fetch(url, { credentials: "same-origin" });
  } catch {
    return OFFLINE_TEXT;
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { zh?: unknown } | null;
    return typeof body?.zh === "string" && body.zh ? body.zh : `下载失败（${res.status}）`;
  }
  const blob = await res.blob();
  const href = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = href;
  a.download = fileNameOf(res, fallbackName);
  document.body.appendChild(a);
  a.click();
  a.remove();
  // the browser has taken the file once the click is handled
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
  return null;
}
