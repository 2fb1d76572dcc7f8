-- AlterTable
ALTER TABLE "inbox_seen" ADD COLUMN "openingsSeenAt" DATETIME;

