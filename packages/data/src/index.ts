/**
 * @kaohe/data: the records kaohe scores (units, work orders, events, yearly
 * facts), reading and checking the hotline center's import files (CSV in
 * UTF-8 or GB18030, XLSX), and demo data for Huantai County.
 */

export { demoCalendar } from "./demo/demo-calendar.ts";
export {
  DEMO_DATA_AS_OF,
  DEMO_DEFAULT_SEED,
  DEMO_FIRST_MONTH,
  DEMO_LAST_MONTH,
  type DemoMonth,
  demoMonths,
  generateDemoDataset,
} from "./demo/generate-demo-dataset.ts";
export { type DemoEventType, HUANTAI_2017_EVENT_TYPES, HUANTAI_2017_FACT_ITEMS } from "./demo/huantai-event-types.ts";
export { type DemoUnitProfile, HUANTAI_UNITS } from "./demo/huantai-units.ts";
export { createRandom, type Random } from "./demo/random.ts";
export {
  generateScaleOrders,
  generateScaleUnits,
  iterateScaleOrders,
  type ScaleMonth,
  type ScaleMonthInput,
  writeScaleOrdersCsv,
} from "./demo/scale-orders.ts";
export { writeDemoFiles } from "./demo/write-demo-files.ts";
export {
  FILE_NAME_PREFIXES,
  fileNamePrefixes,
  isTableFileName,
  kindOfFileName,
  nameMentionsOtherKind,
  TABLE_FILE_TYPES_EN,
  TABLE_FILE_TYPES_TEXT,
} from "./file-names.ts";
export { displayWidth, type FormatProblemsOptions, formatProblems, rowLabel } from "./format-problems.ts";
export { type LoadDatasetOptions, type LoadDatasetResult, loadDataset } from "./load-dataset.ts";
export { ProblemCollector } from "./problem-groups.ts";
export {
  cellText,
  type DateMode,
  Invalid,
  parseBoolean,
  parseClosureType,
  parseCount,
  parseDate,
  parseFactValue,
  parseMonth,
  parseNumber,
  parseSatisfaction,
  parseSource,
  parseText,
  parseYear,
  type Reason,
} from "./read/cell-values.ts";
export { CsvRowParser, csvField, csvLine, csvSafe, parseCsv } from "./read/csv-parser.ts";
export {
  type Cell,
  type RawRow,
  type ReadProgress,
  type ReadTableOptions,
  readTable,
  readTableBatches,
  type TableFormat,
  TableReadError,
  tableFormatOf,
} from "./read/read-table.ts";
export {
  AutoTextDecoder,
  type DetectedEncoding,
  detectEncoding,
  type TextEncodingName,
} from "./read/text-encoding.ts";
export {
  alwaysHasValue,
  attributeKeys,
  CALENDAR_FIELDS,
  CLOSURE_TYPES,
  columnKey,
  DAY_TYPES,
  EVENT_FIELDS,
  emptyDataset,
  FACT_FIELDS,
  FIELD_TYPE_LABELS,
  type FieldSpec,
  type FieldType,
  fieldChoices,
  fieldChoicesOpen,
  normalizeHeader,
  ORDER_FIELDS,
  ORDER_KINDS,
  ORDER_SOURCES,
  RECORD_FIELDS,
  RECORD_KIND_LABELS,
  RECORD_KINDS,
  type RecordKind,
  type RecordOf,
  SATISFACTION_LEVELS,
  storedValueText,
  UNIT_CATEGORIES,
  UNIT_FIELDS,
} from "./schema.ts";
export {
  DAY_MS,
  daysInMonth,
  endOfShanghaiDay,
  formatShanghai,
  SHANGHAI_OFFSET_MS,
  shanghaiEpoch,
  startOfShanghaiDay,
  toShanghaiWallClock,
  type WallClock,
  wallClockDateToEpoch,
} from "./shanghai-time.ts";
export * from "./types.ts";
export { assessedMonthsText, outsideAssessedMonths, outsideMonths, partOfYearText } from "./unit-months.ts";
export {
  bindHeader,
  columnLetter,
  fieldForHeader,
  HEADER_SEARCH_ROWS,
  type HeaderBinding,
  type HeaderInspection,
  type HeaderKindMatch,
  inspectHeader,
  type ResemblingColumn,
  requiredColumnsText,
} from "./validate/bind-header.ts";
export { detectFileKind, inspectFileHeader } from "./validate/file-kind.ts";
export {
  type CheckedRow,
  type FileColumns,
  type HiddenInSheet,
  isUnknownUnitProblem,
  type LoadedRecords,
  loadRecords,
  type ReadRecordsOptions,
  type RecordCheck,
  type RecordChecks,
  type RecordRow,
  readRecordBatches,
  readRecords,
  type SheetsRead,
  type SkippedRow,
  type UnitResolver,
} from "./validate/read-records.ts";
export { RecordIds } from "./validate/record-ids.ts";
export { createUnitResolver, hasUnitAliasColumn, unitAliasNames, unitsGivingAlias } from "./validate/unit-index.ts";
export { PROBLEM_LIST_HEADER, type ProblemListOptions, problemListCsv, problemListFile, problemListXlsx } from "./write/problem-list.ts";
export {
  attributeColumnsOf,
  type RecordColumnsOptions,
  recordCells,
  recordHeader,
  writeRecordsCsv,
} from "./write/record-rows.ts";
export {
  type ColumnGuide,
  type FileKindGuide,
  fileKindGuides,
  TEMPLATE_MEDIA_TYPES,
  type TemplateChoices,
  type TemplateFormat,
  templateCsv,
  templateFile,
  templateFileName,
  templateXlsx,
} from "./write/templates.ts";
export { type WriteCsvOptions, writeCsvFile } from "./write/write-csv.ts";
export { xlsxBuffer, xmlWritable, xmlWritableDeep } from "./write/xlsx-buffer.ts";
