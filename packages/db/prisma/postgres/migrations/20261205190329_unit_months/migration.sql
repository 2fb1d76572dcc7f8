-- AlterTable
ALTER TABLE "units" ADD COLUMN     "fromMonth" TEXT,
ADD COLUMN     "untilMonth" TEXT;

