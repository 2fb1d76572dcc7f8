-- CreateTable
CREATE TABLE "holidays" (
    "day" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "type" TEXT NOT NULL,
    "note" TEXT,
    "batchId" INTEGER
);

-- CreateTable
CREATE TABLE "workdays" (
    "day" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "idx" INTEGER NOT NULL,
    "nth" INTEGER,
    "work" BOOLEAN NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "workdays_nth_key" ON "workdays"("nth");

