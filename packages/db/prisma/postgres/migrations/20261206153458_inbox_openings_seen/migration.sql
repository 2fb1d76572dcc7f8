-- AlterTable
ALTER TABLE "inbox_seen" ADD COLUMN     "openingsSeenAt" TIMESTAMP(3);

