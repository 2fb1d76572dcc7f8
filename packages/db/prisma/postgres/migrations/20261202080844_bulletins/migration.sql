-- CreateTable
CREATE TABLE "bulletins" (
    "period" TEXT NOT NULL,
    "issue" INTEGER NOT NULL,
    "issuedOn" TEXT NOT NULL,
    "lead" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "updatedBy" TEXT NOT NULL,

    CONSTRAINT "bulletins_pkey" PRIMARY KEY ("period")
);

