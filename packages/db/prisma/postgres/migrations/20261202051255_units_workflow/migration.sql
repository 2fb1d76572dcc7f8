-- CreateTable
CREATE TABLE "assessment_cycles" (
    "period" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "previewOpenedAt" TIMESTAMP(3) NOT NULL,
    "previewOpenedBy" TEXT NOT NULL,
    "objectionDeadline" TIMESTAMP(3) NOT NULL,
    "explanationDeadline" TIMESTAMP(3) NOT NULL,
    "noticeFrom" TIMESTAMP(3),
    "noticeUntil" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "updatedBy" TEXT NOT NULL,

    CONSTRAINT "assessment_cycles_pkey" PRIMARY KEY ("period")
);

-- CreateTable
CREATE TABLE "explanations" (
    "id" SERIAL NOT NULL,
    "period" TEXT NOT NULL,
    "unitCode" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "reasons" JSONB NOT NULL,
    "status" TEXT NOT NULL,
    "submittedBy" TEXT NOT NULL,
    "submittedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "acknowledgedBy" TEXT,
    "acknowledgedAt" TIMESTAMP(3),
    "response" TEXT,
    "responseSeenAt" TIMESTAMP(3),

    CONSTRAINT "explanations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "objections" (
    "id" SERIAL NOT NULL,
    "period" TEXT NOT NULL,
    "unitCode" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "proposed" JSONB NOT NULL,
    "reason" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "raisedBy" TEXT NOT NULL,
    "raisedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedBy" TEXT,
    "decidedAt" TIMESTAMP(3),
    "decision" TEXT,
    "decisionSeenAt" TIMESTAMP(3),
    "publicationId" INTEGER,

    CONSTRAINT "objections_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "corrections" (
    "id" SERIAL NOT NULL,
    "objectionId" INTEGER,
    "record" TEXT NOT NULL,
    "recordId" TEXT NOT NULL,
    "unitCode" TEXT NOT NULL,
    "field" TEXT NOT NULL,
    "fromValue" JSONB NOT NULL,
    "toValue" JSONB NOT NULL,
    "status" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedAt" TIMESTAMP(3),
    "conflict" JSONB,

    CONSTRAINT "corrections_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "attachments" (
    "id" SERIAL NOT NULL,
    "ownerType" TEXT NOT NULL,
    "ownerId" INTEGER NOT NULL,
    "fileName" TEXT NOT NULL,
    "mediaType" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "content" BYTEA NOT NULL,
    "uploadedBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "attachments_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "explanations_period_unitCode_key" ON "explanations"("period", "unitCode");

-- CreateIndex
CREATE INDEX "objections_period_unitCode_idx" ON "objections"("period", "unitCode");

-- CreateIndex
CREATE INDEX "corrections_record_recordId_idx" ON "corrections"("record", "recordId");

-- CreateIndex
CREATE INDEX "attachments_ownerType_ownerId_idx" ON "attachments"("ownerType", "ownerId");

-- AddForeignKey
ALTER TABLE "corrections" ADD CONSTRAINT "corrections_objectionId_fkey" FOREIGN KEY ("objectionId") REFERENCES "objections"("id") ON DELETE SET NULL ON UPDATE CASCADE;

