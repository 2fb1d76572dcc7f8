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
export async function writeDemoFiles(
  dir: string,
  dataset: Dataset,
): Promise<Partial<Record<RecordKind, string>> & Record<Exclude<RecordKind, "calendar">, string>> {
  await mkdir(dir, { recursive: true });
  const unitNames = new Map(dataset.units.map((u) => [u.code, u.name]));
  const paths = {
    units: join(dir, "units.csv"),
    orders: join(dir, "orders.csv"),
    events: join(dir, "events.csv"),
    facts: join(dir, "facts.csv"),
  };
  await writeRecordsCsv(paths.units, "units", dataset.units);
  await writeRecordsCsv(paths.orders, "orders", dataset.orders, { unitNames });
  await writeRecordsCsv(paths.events, "events", dataset.events, { unitNames });
  await writeRecordsCsv(paths.facts, "facts", dataset.facts, { unitNames });
  // the calendar only when the dataset has one: a file of headers alone is refused on import, as a person's would be
  if (!dataset.calendar?.length) return paths;
  const calendar = join(dir, "calendar.csv");
  await writeRecordsCsv(calendar, "calendar", dataset.calendar);
  return { ...paths, calendar };
}
