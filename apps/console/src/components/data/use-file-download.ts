import { App } from "antd";
import { useState } from "react";
import { errorText } from "../../lib/trpc.ts";
import { type DownloadFile, saveDownload } from "./download.ts";

/** Fetch a file (CSV or Excel) from the server and save it, with which format is busy and an error message on failure. */
export function useFileDownload(fetchFile: (format: "csv" | "xlsx") => Promise<DownloadFile>) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState<"csv" | "xlsx" | null>(null);
  const download = async (format: "csv" | "xlsx") => {
    setBusy(format);
    try {
      saveDownload(await fetchFile(format));
    } catch (err) {
      message.error(errorText(err));
    } finally {
      setBusy(null);
    }
  };
  return { busy, download };
}
