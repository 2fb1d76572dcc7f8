-- CreateTable
CREATE TABLE "holidays" (
    "day" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "note" TEXT,
    "batchId" INTEGER,

    CONSTRAINT "holidays_pkey" PRIMARY KEY ("day")
);

-- CreateTable
CREATE TABLE "workdays" (
    "day" INTEGER NOT NULL,
    "idx" INTEGER NOT NULL,
    "nth" INTEGER,
    "work" BOOLEAN NOT NULL,

    CONSTRAINT "workdays_pkey" PRIMARY KEY ("day")
);

-- CreateIndex
CREATE UNIQUE INDEX "workdays_nth_key" ON "workdays"("nth");

