-- CreateTable
CREATE TABLE "assessment_cycles" (
    "period" TEXT NOT NULL PRIMARY KEY,
    "stage" TEXT NOT NULL,
    "previewOpenedAt" DATETIME NOT NULL,
    "previewOpenedBy" TEXT NOT NULL,
    "objectionDeadline" DATETIME NOT NULL,
    "explanationDeadline" DATETIME NOT NULL,
    "noticeFrom" DATETIME,
    "noticeUntil" DATETIME,
    "updatedAt" DATETIME NOT NULL,
    "updatedBy" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "explanations" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "period" TEXT NOT NULL,
    "unitCode" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "reasons" JSONB NOT NULL,
    "status" TEXT NOT NULL,
    "submittedBy" TEXT NOT NULL,
    "submittedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "acknowledgedBy" TEXT,
    "acknowledgedAt" DATETIME,
    "response" TEXT,
    "responseSeenAt" DATETIME
);

-- CreateTable
CREATE TABLE "objections" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "period" TEXT NOT NULL,
    "unitCode" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "proposed" JSONB NOT NULL,
    "reason" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "raisedBy" TEXT NOT NULL,
    "raisedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedBy" TEXT,
    "decidedAt" DATETIME,
    "decision" TEXT,
    "decisionSeenAt" DATETIME,
    "publicationId" INTEGER
);

-- CreateTable
CREATE TABLE "corrections" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "objectionId" INTEGER,
    "record" TEXT NOT NULL,
    "recordId" TEXT NOT NULL,
    "unitCode" TEXT NOT NULL,
    "field" TEXT NOT NULL,
    "fromValue" JSONB NOT NULL,
    "toValue" JSONB NOT NULL,
    "status" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedAt" DATETIME,
    "conflict" JSONB,
    CONSTRAINT "corrections_objectionId_fkey" FOREIGN KEY ("objectionId") REFERENCES "objections" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "attachments" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "ownerType" TEXT NOT NULL,
    "ownerId" INTEGER NOT NULL,
    "fileName" TEXT NOT NULL,
    "mediaType" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "content" BLOB NOT NULL,
    "uploadedBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE UNIQUE INDEX "explanations_period_unitCode_key" ON "explanations"("period", "unitCode");

-- CreateIndex
CREATE INDEX "objections_period_unitCode_idx" ON "objections"("period", "unitCode");

-- CreateIndex
CREATE INDEX "corrections_record_recordId_idx" ON "corrections"("record", "recordId");

-- CreateIndex
CREATE INDEX "attachments_ownerType_ownerId_idx" ON "attachments"("ownerType", "ownerId");

