-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_orders" (
    "id" TEXT NOT NULL,
    "unit" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "kind" TEXT,
    "receivedAt" REAL NOT NULL,
    "dueAt" REAL NOT NULL,
    "extendedTo" REAL,
    "closedAt" REAL,
    "delayExcused" BOOLEAN NOT NULL DEFAULT false,
    "returned" BOOLEAN NOT NULL DEFAULT false,
    "returnAccepted" BOOLEAN NOT NULL DEFAULT false,
    "redoCount" INTEGER NOT NULL DEFAULT 0,
    "anonymous" BOOLEAN NOT NULL DEFAULT false,
    "visited" BOOLEAN NOT NULL DEFAULT false,
    "processSatisfaction" TEXT,
    "resultSatisfaction" TEXT,
    "closureType" TEXT,
    "rebound" BOOLEAN NOT NULL DEFAULT false,
    "leaderInstructed" BOOLEAN NOT NULL DEFAULT false,
    "attributes" JSONB NOT NULL,
    "batchId" INTEGER,
    "updatedAt" REAL NOT NULL,

    PRIMARY KEY ("unit", "receivedAt", "id"),
    CONSTRAINT "orders_unit_fkey" FOREIGN KEY ("unit") REFERENCES "units" ("code") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "orders_batchId_fkey" FOREIGN KEY ("batchId") REFERENCES "import_batches" ("id") ON DELETE SET NULL ON UPDATE CASCADE
) WITHOUT ROWID;
INSERT INTO "new_orders" ("anonymous", "attributes", "batchId", "closedAt", "closureType", "delayExcused", "dueAt", "extendedTo", "id", "kind", "leaderInstructed", "processSatisfaction", "rebound", "receivedAt", "redoCount", "resultSatisfaction", "returnAccepted", "returned", "source", "unit", "updatedAt", "visited") SELECT "anonymous", "attributes", "batchId", "closedAt", "closureType", "delayExcused", "dueAt", "extendedTo", "id", "kind", "leaderInstructed", "processSatisfaction", "rebound", "receivedAt", "redoCount", "resultSatisfaction", "returnAccepted", "returned", "source", "unit", "updatedAt", "visited" FROM "orders";
DROP TABLE "orders";
ALTER TABLE "new_orders" RENAME TO "orders";
CREATE UNIQUE INDEX "orders_id_key" ON "orders"("id");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

