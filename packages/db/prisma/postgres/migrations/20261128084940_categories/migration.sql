-- CreateTable
CREATE TABLE "categories" (
    "name" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "categories_pkey" PRIMARY KEY ("name")
);

-- Backfill (written by hand): a category for every category the units already have, the customary three first
INSERT INTO "categories" ("name", "position")
SELECT c."category", CASE c."category" WHEN '镇' THEN 0 WHEN '街道' THEN 1 WHEN '县直部门' THEN 2
    ELSE 3 + (SELECT COUNT(*) FROM (SELECT DISTINCT "category" FROM "units") AS o WHERE o."category" NOT IN ('镇', '街道', '县直部门') AND o."category" < c."category") END
FROM (SELECT DISTINCT "category" FROM "units") AS c;

-- AddForeignKey
ALTER TABLE "units" ADD CONSTRAINT "units_category_fkey" FOREIGN KEY ("category") REFERENCES "categories"("name") ON DELETE RESTRICT ON UPDATE CASCADE;

