-- CreateTable
CREATE TABLE "inbox_seen" (
    "unitCode" TEXT NOT NULL,
    "eventsSeenBatch" INTEGER NOT NULL,

    CONSTRAINT "inbox_seen_pkey" PRIMARY KEY ("unitCode")
);

