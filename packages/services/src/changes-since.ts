/**
 * What changed a unit's records of a published month since it was published: the imports that wrote its orders and
 * events of the month (an order re-exported, an event entered) and the corrections made to them (an objection
 * upheld). A unit whose page says "published 91.50, now 89.00" is told why, with the records' count; the center is
 * told the file too.
 */
import type { Store } from "@kaohe/db";
import type { Window } from "@kaohe/rules-engine";
import { currentPublicationOnly } from "./publication.ts";

export interface ChangeSincePublished {
  /** an import (its file's kind: orders, events) or a correction */
  kind: "orders" | "events" | "correction";
  /** when (epoch ms) */
  at: number;
  /** the import's file, null for a correction */
  fileName: string | null;
  /** the unit's records of the month it wrote (an import, as they stand now) or corrected */
  records: number;
}

/**
 * The imports after `since` whose rows of the unit in the window still stand (the last import to write a record is
 * the one it names), and the corrections made since to the unit's records, by time. An import undone since is not
 * among them (its rows are gone or restored).
 */
async function changesSince(store: Store, unitCode: string, window: Pick<Window, "start" | "end">, since: Date): Promise<ChangeSincePublished[]> {
  const later = { createdAt: { gt: since }, undoneAt: null };
  const [orders, events] = await Promise.all([
    store.prisma.order.groupBy({
      by: ["batchId"],
      where: { unit: unitCode, receivedAt: { gte: window.start, lt: window.end }, batch: later },
      _count: { _all: true },
    }),
    store.prisma.event.groupBy({
      by: ["batchId"],
      where: { unit: unitCode, date: { gte: window.start, lt: window.end }, batch: later },
      _count: { _all: true },
    }),
  ]);
  const written = new Map<number, number>();
  for (const g of [...orders, ...events]) if (g.batchId !== null) written.set(g.batchId, (written.get(g.batchId) ?? 0) + g._count._all);
  const batches = await store.prisma.importBatch.findMany({
    where: { id: { in: [...written.keys()] } },
    select: { id: true, kind: true, fileName: true, createdAt: true },
  });
  const out: ChangeSincePublished[] = batches.map((b) => ({
    kind: b.kind === "events" ? "events" : "orders",
    at: b.createdAt.getTime(),
    fileName: b.fileName,
    records: written.get(b.id) ?? 0,
  }));
  // corrections of the unit's records of the month: of the orders received in it, the events dated in it
  const corrections = await store.prisma.correction.findMany({
    where: { unitCode, createdAt: { gt: since } },
    select: { record: true, recordId: true, createdAt: true },
  });
  if (corrections.length > 0) {
    const ids = (record: string) => [...new Set(corrections.filter((c) => c.record === record).map((c) => c.recordId))];
    const inWindow = new Set([
      ...(
        await store.prisma.order.findMany({
          where: { id: { in: ids("orders") }, receivedAt: { gte: window.start, lt: window.end } },
          select: { id: true },
        })
      ).map((o) => `orders|${o.id}`),
      ...(
        await store.prisma.event.findMany({
          where: { id: { in: ids("events") }, date: { gte: window.start, lt: window.end } },
          select: { id: true },
        })
      ).map((e) => `events|${e.id}`),
    ]);
    // one line per moment a correction was made (an objection upheld corrects its records at once)
    const byMoment = new Map<number, Set<string>>();
    for (const c of corrections) {
      const key = `${c.record}|${c.recordId}`;
      if (!inWindow.has(key)) continue;
      const at = c.createdAt.getTime();
      byMoment.set(at, (byMoment.get(at) ?? new Set()).add(key));
    }
    for (const [at, records] of byMoment) out.push({ kind: "correction", at, fileName: null, records: records.size });
  }
  return out.sort((a, b) => a.at - b.at);
}

/** The changes to a unit's records of a month since its current publication; null when the month is not published. */
export async function changesSincePublication(
  store: Store,
  period: string,
  unitCode: string,
  window: Pick<Window, "start" | "end">,
): Promise<ChangeSincePublished[] | null> {
  const publication = await currentPublicationOnly(store, period);
  return publication ? changesSince(store, unitCode, window, publication.publishedAt) : null;
}
