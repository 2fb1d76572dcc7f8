-- CreateTable
CREATE TABLE "import_changes" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "batchId" INTEGER NOT NULL,
    "entity" TEXT NOT NULL,
    "recordKey" TEXT NOT NULL,
    "before" JSONB,
    "beforeBatchId" INTEGER,
    CONSTRAINT "import_changes_batchId_fkey" FOREIGN KEY ("batchId") REFERENCES "import_batches" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_import_batches" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "kind" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "fileHash" TEXT NOT NULL,
    "rows" INTEGER NOT NULL,
    "inserted" INTEGER NOT NULL,
    "updated" INTEGER NOT NULL,
    "unchanged" INTEGER NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "undoable" BOOLEAN NOT NULL DEFAULT false,
    "undoneAt" DATETIME,
    "undoneBy" TEXT
);
INSERT INTO "new_import_batches" ("createdAt", "createdBy", "fileHash", "fileName", "id", "inserted", "kind", "rows", "unchanged", "updated") SELECT "createdAt", "createdBy", "fileHash", "fileName", "id", "inserted", "kind", "rows", "unchanged", "updated" FROM "import_batches";
DROP TABLE "import_batches";
ALTER TABLE "new_import_batches" RENAME TO "import_batches";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "import_changes_batchId_idx" ON "import_changes"("batchId");

-- CreateIndex
CREATE INDEX "import_changes_beforeBatchId_idx" ON "import_changes"("beforeBatchId");

-- CreateIndex
CREATE INDEX "import_changes_entity_recordKey_idx" ON "import_changes"("entity", "recordKey");

