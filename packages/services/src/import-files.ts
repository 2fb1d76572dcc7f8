/**
 * Files the data page hands out and looks at: the templates of each kind of
 * file and an import's problem list (sent as base64 inside the answer, the
 * console saves them), and what uploaded files hold before they are imported
 * (the kind by the name, else by the header row; when neither tells, how the
 * header compares with each kind, for the user to choose).
 */
import {
  fileKindGuides,
  formatShanghai,
  inspectFileHeader,
  problemListFile,
  RECORD_KIND_LABELS,
  type RecordKind,
  TableReadError,
  type TemplateChoices,
  type TemplateFormat,
  templateFile,
} from "@kaohe/data";
import { AppError, ErrorCodes, kindOfFile, type Store } from "@kaohe/db";
import { addMonths, periodLabel, shanghaiMonth } from "@kaohe/time";
import { compiled, rubricLabel } from "./import-checks.ts";
import type { ImportReport } from "./import-warnings.ts";
import { inForceLookup } from "./rubrics.ts";
import { latestDataMonth } from "./settings.ts";
import { quotedText } from "./text-limits.ts";
import type { Uploads } from "./uploads.ts";

/** A file to save in the browser. */
export interface DownloadFile {
  fileName: string;
  mediaType: string;
  /** the content, base64 */
  base64: string;
}

export { fileKindGuides };

/**
 * A kind's template. The XLSX one offers in drop-downs the event types (events) and checklist items (facts) the rubric
 * of the month being filled in declares (`declaredChoices`): a type typed otherwise scores nothing, and was told of
 * only once the import had stored it.
 */
export async function templateDownload(store: Store, kind: RecordKind, format: TemplateFormat, now = Date.now()): Promise<DownloadFile> {
  const file = await templateFile(kind, format, format === "xlsx" ? await declaredChoices(store, kind, now) : {});
  return { fileName: file.fileName, mediaType: file.mediaType, base64: file.content.toString("base64") };
}

/**
 * The event types or checklist items of the rubric for the month a center is likely filling in: the one before this
 * (December's events are written in January, and scored by December's rubric even when January's is new), else the
 * latest month with data when none is in force then.
 */
async function declaredChoices(store: Store, kind: RecordKind, now: number): Promise<TemplateChoices> {
  if (kind !== "events" && kind !== "facts") return {};
  const lookup = await inForceLookup(store);
  let month = addMonths(shanghaiMonth(now), -1);
  let version = lookup(month);
  if (!version) {
    month = (await latestDataMonth(store)) ?? month;
    version = lookup(month);
  }
  const rubric = compiled(version)?.rubric;
  if (!version || !rubric) return {};
  const declared = rubric.ast.declarations.filter((d) => d.kind === (kind === "events" ? "event" : "fact")).map((d) => (d as { name: string }).name);
  const note = `${periodLabel(month)}适用的${rubricLabel(version)}定义的${kind === "events" ? "事件类型" : "事项"}`;
  return { [kind === "events" ? "type" : "item"]: { values: declared, note } };
}

/** An import as its job tells it (the API's import jobs): whether it runs, when it started, its report. */
interface ImportRun {
  state: string;
  startedAt: string;
  result?: ImportReport;
}

/** The problems a finished import found, as a file; refused when it found none. */
export async function problemListDownload(job: ImportRun, format: TemplateFormat): Promise<DownloadFile> {
  const result = job.result;
  if (job.state === "running") throw new AppError(ErrorCodes.Conflict, "导入尚未结束：问题清单要等检查完所有文件后才能下载", "the import is still running");
  if (!result || result.ok || result.problems.length === 0) {
    throw new AppError(ErrorCodes.NotFound, "这次导入没有发现数据问题，没有问题清单可下载", "the import found no problems");
  }
  const started = formatShanghai(Date.parse(job.startedAt), "minute")
    .replace(/[-: ]/g, "")
    .replace(/^(\d{8})(\d{4})$/, "$1-$2");
  const file = await problemListFile(result.problems, format, { total: result.problemCount, fileName: `导入问题清单-${started}` });
  return { fileName: file.fileName, mediaType: file.mediaType, base64: file.content.toString("base64") };
}

/** How an uploaded file's header row compares with one kind of file. */
interface KindMatch {
  kind: RecordKind;
  label: string;
  /** the kind's columns the header has */
  recognised: number;
  /** its required columns the header lacks (Chinese) */
  missing: string[];
}

export interface UploadInspection {
  uploadId: string;
  name: string;
  /** what the file holds, when its name or its header row tells; null: the user chooses */
  kind: RecordKind | null;
  /** how the kind was told */
  by: "name" | "header" | null;
  /** the header row (at most 60 columns, each cut at 40 characters) */
  labels: string[];
  /** kinds whose required columns the header all has (two or more: it cannot be told which) */
  complete: RecordKind[];
  matches: KindMatch[];
  /** why the file cannot be read at all (damaged, an encoding not supported…), null when it can */
  problem: string | null;
}

/** What each of the user's uploads holds, read from its name and header row only; the uploads stay for the import. */
export async function inspectUploads(uploads: Uploads, ids: readonly string[], actor: string): Promise<UploadInspection[]> {
  const out: UploadInspection[] = [];
  for (const upload of uploads.peek(ids, actor)) {
    const byName = kindOfFile(upload.name) ?? null;
    const base: UploadInspection = {
      uploadId: upload.uploadId,
      name: upload.name,
      kind: byName,
      by: byName ? "name" : null,
      labels: [],
      complete: [],
      matches: [],
      problem: null,
    };
    try {
      const header = await inspectFileHeader(upload.path);
      if (!header) {
        out.push({ ...base, problem: "文件是空的（没有表头行）" });
        continue;
      }
      // a header of one kind's columns, some named as platforms name them (工单号): that kind, whose import says what to rename
      const kind = byName ?? header.kind ?? header.likely ?? null;
      out.push({
        ...base,
        kind,
        by: byName ? "name" : kind ? "header" : null,
        labels: header.labels.slice(0, 60).map((l) => quotedText(l, 40)),
        complete: header.complete,
        matches: header.matches.map((m) => ({ ...m, label: RECORD_KIND_LABELS[m.kind] })),
      });
    } catch (err) {
      if (!(err instanceof TableReadError)) throw err;
      out.push({ ...base, problem: err.reason });
    }
  }
  return out;
}
