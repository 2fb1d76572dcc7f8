-- CreateTable
CREATE TABLE "inbox_seen" (
    "unitCode" TEXT NOT NULL PRIMARY KEY,
    "eventsSeenAt" DATETIME NOT NULL
);

