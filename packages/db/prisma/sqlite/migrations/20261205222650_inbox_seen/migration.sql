-- CreateTable
CREATE TABLE "inbox_seen" (
    "unitCode" TEXT NOT NULL PRIMARY KEY,
    "eventsSeenBatch" INTEGER NOT NULL
);

