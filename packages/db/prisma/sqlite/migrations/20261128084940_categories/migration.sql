-- CreateTable
CREATE TABLE "categories" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "position" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- Backfill (written by hand): a category for every category the units already have, the customary three first
INSERT INTO "categories" ("name", "position")
SELECT c."category", CASE c."category" WHEN '镇' THEN 0 WHEN '街道' THEN 1 WHEN '县直部门' THEN 2
    ELSE 3 + (SELECT COUNT(*) FROM (SELECT DISTINCT "category" FROM "units") AS o WHERE o."category" NOT IN ('镇', '街道', '县直部门') AND o."category" < c."category") END
FROM (SELECT DISTINCT "category" FROM "units") AS c;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_units" (
    "code" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "attributes" JSONB NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "units_category_fkey" FOREIGN KEY ("category") REFERENCES "categories" ("name") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_units" ("attributes", "category", "code", "createdAt", "name", "updatedAt") SELECT "attributes", "category", "code", "createdAt", "name", "updatedAt" FROM "units";
DROP TABLE "units";
ALTER TABLE "new_units" RENAME TO "units";
CREATE UNIQUE INDEX "units_name_key" ON "units"("name");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

