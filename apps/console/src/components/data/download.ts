/** Saving a file the server sent inside an answer (a template, a problem list) as a download. */

export interface DownloadFile {
  fileName: string;
  mediaType: string;
  /** the content, base64 */
  base64: string;
}

/** The bytes of a base64 text. */
function bytesOf(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** Let the browser save the file under its name. */
export function saveDownload(file: DownloadFile): void {
  saveBlob(new Blob([bytesOf(file.base64)], { type: file.mediaType }), file.fileName);
}

/** Let the browser save a text made here (UTF-8) under a name. */
export function saveTextDownload(fileName: string, text: string): void {
  saveBlob(new Blob([text], { type: "text/plain;charset=utf-8" }), fileName);
}

function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  a.style.display = "none";
  document.body.append(a);
  a.click();
  a.remove();
  // the browser has taken the file once the click is handled
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
