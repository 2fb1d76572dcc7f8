-- AlterTable
ALTER TABLE "rubric_versions" ADD COLUMN     "withdrawnAt" TIMESTAMP(3),
ADD COLUMN     "withdrawnBy" TEXT,
ADD COLUMN     "withdrawnReason" TEXT;

-- Partial indexes (src/layout.ts: Prisma cannot express them)
UPDATE "published_results" SET "supersededAt" = "publishedAt" WHERE "supersededAt" IS NULL AND "id" NOT IN (SELECT MAX("id") FROM "published_results" WHERE "supersededAt" IS NULL GROUP BY "period");
CREATE UNIQUE INDEX "published_results_current_key" ON "published_results"("period") WHERE "supersededAt" IS NULL;
