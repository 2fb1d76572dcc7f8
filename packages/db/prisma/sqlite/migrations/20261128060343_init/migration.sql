-- CreateTable
CREATE TABLE "units" (
    "code" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "attributes" JSONB NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "orders" (
    "id" TEXT NOT NULL PRIMARY KEY,
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
    CONSTRAINT "orders_unit_fkey" FOREIGN KEY ("unit") REFERENCES "units" ("code") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "orders_batchId_fkey" FOREIGN KEY ("batchId") REFERENCES "import_batches" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "events" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "unit" TEXT NOT NULL,
    "date" REAL NOT NULL,
    "type" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 1,
    "points" REAL,
    "orderId" TEXT,
    "note" TEXT,
    "attributes" JSONB NOT NULL,
    "batchId" INTEGER,
    "updatedAt" REAL NOT NULL,
    CONSTRAINT "events_unit_fkey" FOREIGN KEY ("unit") REFERENCES "units" ("code") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "events_batchId_fkey" FOREIGN KEY ("batchId") REFERENCES "import_batches" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "facts" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "unit" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "item" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "batchId" INTEGER,
    CONSTRAINT "facts_unit_fkey" FOREIGN KEY ("unit") REFERENCES "units" ("code") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "facts_batchId_fkey" FOREIGN KEY ("batchId") REFERENCES "import_batches" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "rubric_versions" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "contentHash" TEXT NOT NULL,
    "author" TEXT NOT NULL,
    "effectiveFrom" TEXT NOT NULL,
    "effectiveUntil" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "publishedAt" DATETIME,
    "publishedBy" TEXT
);

-- CreateTable
CREATE TABLE "import_batches" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "kind" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "fileHash" TEXT NOT NULL,
    "rows" INTEGER NOT NULL,
    "inserted" INTEGER NOT NULL,
    "updated" INTEGER NOT NULL,
    "unchanged" INTEGER NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "published_results" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "period" TEXT NOT NULL,
    "schedule" TEXT NOT NULL,
    "rubricVersionId" INTEGER NOT NULL,
    "dataHash" TEXT NOT NULL,
    "snapshot" JSONB NOT NULL,
    "publishedBy" TEXT NOT NULL,
    "publishedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "reason" TEXT,
    "supersededAt" DATETIME,
    CONSTRAINT "published_results_rubricVersionId_fkey" FOREIGN KEY ("rubricVersionId") REFERENCES "rubric_versions" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "audit_log" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "entity" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "detail" JSONB NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "units_name_key" ON "units"("name");

-- CreateIndex
CREATE INDEX "orders_receivedAt_unit_idx" ON "orders"("receivedAt", "unit");

-- CreateIndex
CREATE INDEX "events_date_unit_idx" ON "events"("date", "unit");

-- CreateIndex
CREATE UNIQUE INDEX "facts_unit_year_item_key" ON "facts"("unit", "year", "item");

-- CreateIndex
CREATE UNIQUE INDEX "rubric_versions_name_version_key" ON "rubric_versions"("name", "version");

-- CreateIndex
CREATE INDEX "published_results_period_schedule_idx" ON "published_results"("period", "schedule");

