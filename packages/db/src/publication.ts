/**
 * Publishing freezes a period's results: the whole result, the rubric version
 * and a fingerprint of the data it came from. A changed result (an objection
 * upheld) is re-published with its reason; the earlier snapshot is kept,
 * marked superseded. Re-scoring a published period with the version then in
 * force reproduces the snapshot exactly.
 */
import type { AssessmentResult } from "@kaohe/rules-engine";
import { AppError, ErrorCodes } from "./errors.ts";
import { compileVersion, getRubricVersion, versionInForce } from "./rubrics.ts";
import { assertPeriod, dataHash, isYear, scorePeriod } from "./scores.ts";
import type { Store } from "./store.ts";

export interface Publication {
  id: number;
  period: string;
  schedule: "monthly" | "yearly";
  rubricVersionId: number;
  rubric: { name: string; version: string };
  dataHash: string;
  publishedBy: string;
  publishedAt: Date;
  reason: string | null;
  supersededAt: Date | null;
}

export interface PublishedResult extends Publication {
  result: AssessmentResult;
}

type Row = {
  id: number;
  period: string;
  schedule: string;
  rubricVersionId: number;
  dataHash: string;
  snapshot: unknown;
  publishedBy: string;
  publishedAt: Date;
  reason: string | null;
  supersededAt: Date | null;
  rubricVersion: { name: string; version: string };
};

function toPublication(r: Row): Publication {
  return {
    id: r.id,
    period: r.period,
    schedule: r.schedule === "yearly" ? "yearly" : "monthly",
    rubricVersionId: r.rubricVersionId,
    rubric: { name: r.rubricVersion.name, version: r.rubricVersion.version },
    dataHash: r.dataHash,
    publishedBy: r.publishedBy,
    publishedAt: r.publishedAt,
    reason: r.reason,
    supersededAt: r.supersededAt,
  };
}

const include = { rubricVersion: { select: { name: true, version: true } } } as const;

/** The current (not superseded) publication of a period, if any. */
export async function currentPublication(store: Store, period: string): Promise<PublishedResult | null> {
  assertPeriod(period);
  const row = await store.prisma.publishedResult.findFirst({ where: { period, supersededAt: null }, include, orderBy: { id: "desc" } });
  return row ? { ...toPublication(row as Row), result: row.snapshot as unknown as AssessmentResult } : null;
}

export async function listPublications(store: Store): Promise<Publication[]> {
  const rows = await store.prisma.publishedResult.findMany({ include, orderBy: [{ period: "desc" }, { id: "desc" }] });
  return rows.map((r) => toPublication(r as Row));
}

/** Publish a month (or a year) with the version in force; a second publication needs the reason it replaces the first. */
export async function publishPeriod(store: Store, period: string, input: { actor: string; reason?: string }): Promise<PublishedResult> {
  assertPeriod(period);
  const existing = await currentPublication(store, period);
  if (existing && !input.reason?.trim()) {
    throw new AppError(
      ErrorCodes.Conflict,
      `${period} 已由 ${existing.publishedBy} 于 ${existing.publishedAt.toISOString().slice(0, 16).replace("T", " ")} 发布；如因异议复核需重新发布，请填写原因`,
      `${period} is already published; re-publishing needs a reason`,
    );
  }
  const version = await versionInForce(store, period);
  const rubric = compileVersion(version);
  const result = await scorePeriod(store, rubric, period, { evidence: false });
  const hash = await dataHash(store, rubric, period);
  const row = await store.prisma.$transaction(async (tx) => {
    if (existing) await tx.publishedResult.update({ where: { id: existing.id }, data: { supersededAt: new Date() } });
    const created = await tx.publishedResult.create({
      data: {
        period,
        schedule: isYear(period) ? "yearly" : "monthly",
        rubricVersionId: version.id,
        dataHash: hash,
        snapshot: JSON.parse(JSON.stringify(result)),
        publishedBy: input.actor,
        reason: input.reason?.trim() || null,
      },
      include,
    });
    await tx.auditLog.create({
      data: {
        actor: input.actor,
        action: existing ? "result.republish" : "result.publish",
        entity: "published_results",
        entityId: String(created.id),
        detail: { period, rubricVersionId: version.id, dataHash: hash, reason: input.reason ?? null, replaces: existing?.id ?? null },
      },
    });
    return created;
  });
  return { ...toPublication(row as Row), result };
}

export interface Reproduction {
  identical: boolean;
  dataUnchanged: boolean;
  /** units whose published score or rank differs */
  differences: { unit: string; published: [number | null, number | null]; now: [number | null, number | null] }[];
}

/** Re-score a published period with the version it was published under and compare with the snapshot. */
export async function reproducePublication(store: Store, id: number): Promise<Reproduction> {
  const row = await store.prisma.publishedResult.findUnique({ where: { id } });
  if (!row) throw new AppError(ErrorCodes.NotFound, `没有编号为 ${id} 的发布记录`, `no publication ${id}`);
  const version = await getRubricVersion(store, row.rubricVersionId);
  const rubric = compileVersion(version);
  const snapshot = row.snapshot as unknown as AssessmentResult;
  const now = await scorePeriod(store, rubric, row.period, { evidence: false, asOf: snapshot.asOf });
  const before = new Map(snapshot.units.map((u) => [u.unit.code, u]));
  const differences: Reproduction["differences"] = [];
  for (const u of now.units) {
    const b = before.get(u.unit.code);
    const same =
      b &&
      b.published === u.published &&
      b.rank === u.rank &&
      JSON.stringify(b.items.map((i) => i.published)) === JSON.stringify(u.items.map((i) => i.published));
    if (!same) differences.push({ unit: u.unit.name, published: [b?.published ?? null, b?.rank ?? null], now: [u.published, u.rank] });
  }
  for (const code of before.keys())
    if (!now.units.some((u) => u.unit.code === code))
      differences.push({
        unit: before.get(code)?.unit.name ?? code,
        published: [before.get(code)?.published ?? null, before.get(code)?.rank ?? null],
        now: [null, null],
      });
  return { identical: differences.length === 0, dataUnchanged: (await dataHash(store, rubric, row.period)) === row.dataHash, differences };
}
