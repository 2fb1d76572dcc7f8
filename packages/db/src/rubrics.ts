/**
 * Rubric versions: drafts are edited freely; a published version is
 * immutable. Every version keeps its text, author, time and content hash.
 * A month is scored by the published version in force for it.
 */
import { createHash } from "node:crypto";
import { type Diagnostic, parse } from "@kaohe/rules-dsl";
import { type CompiledRubric, compileRubric, RubricError } from "@kaohe/rules-engine";
import type { Database } from "./client.ts";
import { AppError, ErrorCodes } from "./errors.ts";

export interface RubricVersionSummary {
  id: number;
  name: string;
  version: string;
  status: "draft" | "published";
  effectiveFrom: string;
  effectiveUntil: string | null;
  author: string;
  contentHash: string;
  createdAt: Date;
  updatedAt: Date;
  publishedAt: Date | null;
  publishedBy: string | null;
}

export interface RubricVersionDetail extends RubricVersionSummary {
  text: string;
  diagnostics: Diagnostic[];
}

const summarySelect = {
  id: true,
  name: true,
  version: true,
  status: true,
  effectiveFrom: true,
  effectiveUntil: true,
  author: true,
  contentHash: true,
  createdAt: true,
  updatedAt: true,
  publishedAt: true,
  publishedBy: true,
} as const;

export const contentHash = (text: string) => createHash("sha256").update(text).digest("hex");

/** Name, version and period from a rubric's header; a draft may be broken, so fall back to placeholders. */
function headerOf(text: string): { name: string; version: string; from: string; until: string | null; diagnostics: Diagnostic[] } {
  const { ast, diagnostics } = parse(text);
  return {
    name: ast.header?.name || "（未命名规则）",
    // a draft whose header does not parse yet still needs a version no other draft has
    version: ast.header?.version || `草稿 ${new Date().toISOString().replace("T", " ").slice(0, 23)}`,
    from: ast.header?.from || "",
    until: ast.header?.until ?? null,
    diagnostics,
  };
}

/** The columns a draft's text decides (and who wrote it): written alike when a draft is created and when it is saved. */
function draftFields(h: ReturnType<typeof headerOf>, input: { text: string; author: string }) {
  return {
    name: h.name,
    version: h.version,
    text: input.text,
    contentHash: contentHash(input.text),
    author: input.author,
    effectiveFrom: h.from,
    effectiveUntil: h.until,
  };
}

function asSummary(row: Record<string, unknown>): RubricVersionSummary {
  return row as unknown as RubricVersionSummary;
}

export async function listRubricVersions(db: Database): Promise<RubricVersionSummary[]> {
  const rows = await db.prisma.rubricVersion.findMany({ select: summarySelect, orderBy: [{ effectiveFrom: "desc" }, { id: "desc" }] });
  return rows.map(asSummary);
}

export async function getRubricVersion(db: Database, id: number): Promise<RubricVersionDetail> {
  const row = await db.prisma.rubricVersion.findUnique({ where: { id } });
  if (!row) throw new AppError(ErrorCodes.NotFound, `没有编号为 ${id} 的规则版本`, `no rubric version ${id}`);
  return { ...asSummary(row), text: row.text, diagnostics: parse(row.text).diagnostics };
}

async function assertNameFree(db: Database, name: string, version: string, exceptId?: number): Promise<void> {
  const clash = await db.prisma.rubricVersion.findUnique({ where: { name_version: { name, version } } });
  if (clash && clash.id !== exceptId) {
    throw new AppError(
      ErrorCodes.Conflict,
      `已有同名同版本的规则“${name}”（${version}，编号 ${clash.id}，${clash.status === "published" ? "已发布" : "草稿"}）：请在文件头改用新的 version`,
      `a rubric named ${name} version ${version} already exists (id ${clash.id})`,
    );
  }
}

export async function createDraft(db: Database, input: { text: string; author: string }): Promise<RubricVersionDetail> {
  const h = headerOf(input.text);
  await assertNameFree(db, h.name, h.version);
  const row = await db.prisma.$transaction(async (tx) => {
    const created = await tx.rubricVersion.create({ data: { ...draftFields(h, input), status: "draft" } });
    await tx.auditLog.create({
      data: {
        actor: input.author,
        action: "rubric.create",
        entity: "rubric_versions",
        entityId: String(created.id),
        detail: { name: h.name, version: h.version },
      },
    });
    return created;
  });
  return { ...asSummary(row), text: row.text, diagnostics: h.diagnostics };
}

export async function updateDraft(db: Database, id: number, input: { text: string; author: string }): Promise<RubricVersionDetail> {
  const current = await getRubricVersion(db, id);
  if (current.status !== "draft") {
    throw new AppError(
      ErrorCodes.Forbidden,
      `规则“${current.name}”（${current.version}）已发布，不能修改：请另建草稿`,
      `published rubric versions are immutable`,
    );
  }
  const h = headerOf(input.text);
  await assertNameFree(db, h.name, h.version, id);
  const row = await db.prisma.$transaction(async (tx) => {
    const updated = await tx.rubricVersion.update({ where: { id }, data: draftFields(h, input) });
    await tx.auditLog.create({
      data: {
        actor: input.author,
        action: "rubric.update",
        entity: "rubric_versions",
        entityId: String(id),
        detail: { from: current.contentHash, to: updated.contentHash },
      },
    });
    return updated;
  });
  return { ...asSummary(row), text: row.text, diagnostics: h.diagnostics };
}

/** Publish a draft: it must check clean; from then on it is immutable. */
export async function publishRubricVersion(db: Database, id: number, actor: string): Promise<RubricVersionDetail> {
  const current = await getRubricVersion(db, id);
  if (current.status === "published")
    throw new AppError(ErrorCodes.Conflict, `该版本已于 ${current.publishedAt?.toISOString().slice(0, 10)} 发布`, "already published");
  const errors = current.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0) {
    throw new AppError(
      ErrorCodes.RubricInvalid,
      `规则有 ${errors.length} 处错误，改正后才能发布（第 ${errors[0]?.range.start.line} 行：${errors[0]?.message}）`,
      "the rubric has errors",
      errors,
    );
  }
  const row = await db.prisma.$transaction(async (tx) => {
    const updated = await tx.rubricVersion.update({ where: { id }, data: { status: "published", publishedAt: new Date(), publishedBy: actor } });
    await tx.auditLog.create({
      data: {
        actor,
        action: "rubric.publish",
        entity: "rubric_versions",
        entityId: String(id),
        detail: { name: updated.name, version: updated.version, effectiveFrom: updated.effectiveFrom },
      },
    });
    return updated;
  });
  return { ...asSummary(row), text: row.text, diagnostics: current.diagnostics };
}

export async function deleteDraft(db: Database, id: number, actor: string): Promise<void> {
  const current = await getRubricVersion(db, id);
  if (current.status !== "draft") throw new AppError(ErrorCodes.Forbidden, "已发布的规则版本不能删除", "published rubric versions cannot be deleted");
  await db.prisma.$transaction([
    db.prisma.rubricVersion.delete({ where: { id } }),
    db.prisma.auditLog.create({
      data: { actor, action: "rubric.delete", entity: "rubric_versions", entityId: String(id), detail: { name: current.name, version: current.version } },
    }),
  ]);
}

/** The published version in force for a month ("2017-10") or a year ("2017": in force in December, else the latest month of it). */
export async function versionInForce(db: Database, period: string): Promise<RubricVersionDetail> {
  const months = /^\d{4}$/.test(period) ? Array.from({ length: 12 }, (_, i) => `${period}-${String(12 - i).padStart(2, "0")}`) : [period];
  const published = await db.prisma.rubricVersion.findMany({ where: { status: "published" }, orderBy: [{ effectiveFrom: "desc" }, { publishedAt: "desc" }] });
  for (const month of months) {
    const v = published.find((r) => r.effectiveFrom <= month && (r.effectiveUntil === null || r.effectiveUntil >= month));
    if (v) return { ...asSummary(v), text: v.text, diagnostics: [] };
  }
  throw new AppError(
    ErrorCodes.NotInForce,
    `${period} 没有已发布且施行中的规则版本：请先在“规则”中发布一个版本`,
    `no published rubric version is in force for ${period}`,
  );
}

/** Compile a stored version; a stored draft with errors gets a clear error. */
export function compileVersion(v: { text: string; name: string; version: string }): CompiledRubric {
  try {
    return compileRubric(v.text, `${v.name}（${v.version}）`);
  } catch (err) {
    if (err instanceof RubricError) {
      const first = err.diagnostics[0];
      throw new AppError(
        ErrorCodes.RubricInvalid,
        `规则“${v.name}”（${v.version}）有错误，无法计分${first ? `（第 ${first.range.start.line} 行：${first.message}）` : ""}`,
        "the rubric has errors",
        err.diagnostics,
      );
    }
    throw err;
  }
}

/** Load rubric files as versions (the shipped ones, for the demo); existing name+version pairs are left alone. */
export async function loadRubricFiles(db: Database, files: { text: string; publish: boolean }[], actor: string): Promise<number> {
  let added = 0;
  for (const f of files) {
    const h = headerOf(f.text);
    const exists = await db.prisma.rubricVersion.findUnique({ where: { name_version: { name: h.name, version: h.version } } });
    if (exists) continue;
    const v = await createDraft(db, { text: f.text, author: actor });
    if (f.publish) await publishRubricVersion(db, v.id, actor);
    added++;
  }
  return added;
}
