import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { RecordKind } from "../schema.ts";
import type { Dataset } from "../types.ts";
import { writeRecordsCsv } from "../write/record-rows.ts";

/**
 * Writes a dataset as the center would hand it over: units.csv, orders.csv,
 * events.csv, facts.csv, calendar.csv (节假日安排) with Chinese headers, UTF-8 with BOM, units named by
 * name. `loadDataset(dir)` reads back the same records.
 */
export async function writeDemoFiles(dir: string, dataset: Dataset): Promise<Record<RecordKind, string>> {
  await mkdir(dir, { recursive: true });
  const unitNames = new Map(dataset.units.map((u) => [u.code, u.name]));
  const paths: Record<RecordKind, string> = {
    units: join(dir, "units.csv"),
    orders: join(dir, "orders.csv"),
    events: join(dir, "events.csv"),
    facts: join(dir, "facts.csv"),
    calendar: join(dir, "calendar.csv"),
  };
  await writeRecordsCsv(paths.units, "units", dataset.units);
  await writeRecordsCsv(paths.orders, "orders", dataset.orders, { unitNames });
  await writeRecordsCsv(paths.events, "events", dataset.events, { unitNames });
  await writeRecordsCsv(paths.facts, "facts", dataset.facts, { unitNames });
  await writeRecordsCsv(paths.calendar, "calendar", dataset.calendar ?? []);
  return paths;
}
