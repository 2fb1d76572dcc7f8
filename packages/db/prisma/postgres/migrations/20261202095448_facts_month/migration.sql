-- DropIndex
DROP INDEX "facts_unit_year_item_key";

-- AlterTable
ALTER TABLE "facts" ADD COLUMN     "month" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "facts_unit_year_month_item_key" ON "facts"("unit", "year", "month", "item");

-- Partial indexes (src/layout.ts: Prisma cannot express them)
CREATE UNIQUE INDEX "facts_yearly_key" ON "facts"("unit", "year", "item") WHERE "month" IS NULL;
