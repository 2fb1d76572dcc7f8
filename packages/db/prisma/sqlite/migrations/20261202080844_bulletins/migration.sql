-- CreateTable
CREATE TABLE "bulletins" (
    "period" TEXT NOT NULL PRIMARY KEY,
    "issue" INTEGER NOT NULL,
    "issuedOn" TEXT NOT NULL,
    "lead" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    "updatedBy" TEXT NOT NULL
);

