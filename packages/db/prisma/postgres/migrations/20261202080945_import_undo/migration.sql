-- AlterTable
ALTER TABLE "import_batches" ADD COLUMN     "undoable" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "undoneAt" TIMESTAMP(3),
ADD COLUMN     "undoneBy" TEXT;

-- CreateTable
CREATE TABLE "import_changes" (
    "id" SERIAL NOT NULL,
    "batchId" INTEGER NOT NULL,
    "entity" TEXT NOT NULL,
    "recordKey" TEXT NOT NULL,
    "before" JSONB,
    "beforeBatchId" INTEGER,

    CONSTRAINT "import_changes_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "import_changes_batchId_idx" ON "import_changes"("batchId");

-- CreateIndex
CREATE INDEX "import_changes_beforeBatchId_idx" ON "import_changes"("beforeBatchId");

-- CreateIndex
CREATE INDEX "import_changes_entity_recordKey_idx" ON "import_changes"("entity", "recordKey");

-- AddForeignKey
ALTER TABLE "import_changes" ADD CONSTRAINT "import_changes_batchId_fkey" FOREIGN KEY ("batchId") REFERENCES "import_batches"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

