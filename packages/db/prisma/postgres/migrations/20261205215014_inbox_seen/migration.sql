-- CreateTable
CREATE TABLE "inbox_seen" (
    "unitCode" TEXT NOT NULL,
    "eventsSeenAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "inbox_seen_pkey" PRIMARY KEY ("unitCode")
);

