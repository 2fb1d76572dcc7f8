-- AlterTable
ALTER TABLE "units" ADD COLUMN "fromMonth" TEXT;
ALTER TABLE "units" ADD COLUMN "untilMonth" TEXT;

