-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "units" (
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "attributes" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "units_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "orders" (
    "id" TEXT NOT NULL,
    "unit" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "kind" TEXT,
    "receivedAt" DOUBLE PRECISION NOT NULL,
    "dueAt" DOUBLE PRECISION NOT NULL,
    "extendedTo" DOUBLE PRECISION,
    "closedAt" DOUBLE PRECISION,
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
    "updatedAt" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "orders_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "events" (
    "id" TEXT NOT NULL,
    "unit" TEXT NOT NULL,
    "date" DOUBLE PRECISION NOT NULL,
    "type" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 1,
    "points" DOUBLE PRECISION,
    "orderId" TEXT,
    "note" TEXT,
    "attributes" JSONB NOT NULL,
    "batchId" INTEGER,
    "updatedAt" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "facts" (
    "id" SERIAL NOT NULL,
    "unit" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "item" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "batchId" INTEGER,

    CONSTRAINT "facts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rubric_versions" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "contentHash" TEXT NOT NULL,
    "author" TEXT NOT NULL,
    "effectiveFrom" TEXT NOT NULL,
    "effectiveUntil" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "publishedAt" TIMESTAMP(3),
    "publishedBy" TEXT,

    CONSTRAINT "rubric_versions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "import_batches" (
    "id" SERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "fileHash" TEXT NOT NULL,
    "rows" INTEGER NOT NULL,
    "inserted" INTEGER NOT NULL,
    "updated" INTEGER NOT NULL,
    "unchanged" INTEGER NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "import_batches_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "published_results" (
    "id" SERIAL NOT NULL,
    "period" TEXT NOT NULL,
    "schedule" TEXT NOT NULL,
    "rubricVersionId" INTEGER NOT NULL,
    "dataHash" TEXT NOT NULL,
    "snapshot" JSONB NOT NULL,
    "publishedBy" TEXT NOT NULL,
    "publishedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "reason" TEXT,
    "supersededAt" TIMESTAMP(3),

    CONSTRAINT "published_results_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_log" (
    "id" SERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "entity" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "detail" JSONB NOT NULL,

    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
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

-- AddForeignKey
ALTER TABLE "orders" ADD CONSTRAINT "orders_unit_fkey" FOREIGN KEY ("unit") REFERENCES "units"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "orders" ADD CONSTRAINT "orders_batchId_fkey" FOREIGN KEY ("batchId") REFERENCES "import_batches"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "events" ADD CONSTRAINT "events_unit_fkey" FOREIGN KEY ("unit") REFERENCES "units"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "events" ADD CONSTRAINT "events_batchId_fkey" FOREIGN KEY ("batchId") REFERENCES "import_batches"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "facts" ADD CONSTRAINT "facts_unit_fkey" FOREIGN KEY ("unit") REFERENCES "units"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "facts" ADD CONSTRAINT "facts_batchId_fkey" FOREIGN KEY ("batchId") REFERENCES "import_batches"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "published_results" ADD CONSTRAINT "published_results_rubricVersionId_fkey" FOREIGN KEY ("rubricVersionId") REFERENCES "rubric_versions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

