-- The orders' references to units and import batches checked once per statement by triggers, not once per row by
-- foreign keys (src/layout.ts statementCheckedReferences: same promises, a third of a first import's time less).

-- References checked by statement (src/layout.ts: Prisma cannot express them)
ALTER TABLE "orders" DROP CONSTRAINT "orders_unit_fkey";

ALTER TABLE "orders" DROP CONSTRAINT "orders_batchId_fkey";

-- orders' references checked once per statement (src/layout.ts statementCheckedReferences)
CREATE OR REPLACE FUNCTION "kaohe_orders_inserted"() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  absent text;
BEGIN
  -- unit: the units named, locked as a foreign key locks them; then any not there
  PERFORM 1 FROM "units" WHERE "code" IN (SELECT "unit" FROM "kaohe_written_orders") FOR KEY SHARE;
  SELECT w."unit"::text INTO absent FROM (SELECT DISTINCT "unit" FROM "kaohe_written_orders" WHERE "unit" IS NOT NULL) AS w
    WHERE NOT EXISTS (SELECT 1 FROM "units" AS x WHERE x."code" = w."unit") LIMIT 1;
  IF FOUND THEN
    RAISE foreign_key_violation USING MESSAGE = 'insert or update on table "orders" violates foreign key constraint "orders_unit_fkey"', DETAIL = format('Key (unit)=(%s) is not present in table "units".', absent), CONSTRAINT = 'orders_unit_fkey', TABLE = 'orders';
  END IF;
  -- batchId: the import_batches named, locked as a foreign key locks them; then any not there
  PERFORM 1 FROM "import_batches" WHERE "id" IN (SELECT "batchId" FROM "kaohe_written_orders") FOR KEY SHARE;
  SELECT w."batchId"::text INTO absent FROM (SELECT DISTINCT "batchId" FROM "kaohe_written_orders" WHERE "batchId" IS NOT NULL) AS w
    WHERE NOT EXISTS (SELECT 1 FROM "import_batches" AS x WHERE x."id" = w."batchId") LIMIT 1;
  IF FOUND THEN
    RAISE foreign_key_violation USING MESSAGE = 'insert or update on table "orders" violates foreign key constraint "orders_batchId_fkey"', DETAIL = format('Key (batchId)=(%s) is not present in table "import_batches".', absent), CONSTRAINT = 'orders_batchId_fkey', TABLE = 'orders';
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER "kaohe_orders_inserted" AFTER INSERT ON "orders" REFERENCING NEW TABLE AS "kaohe_written_orders" FOR EACH STATEMENT EXECUTE FUNCTION "kaohe_orders_inserted"();

CREATE OR REPLACE FUNCTION "kaohe_orders_updated"() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  IF NEW."unit" IS NOT NULL AND NEW."unit" IS DISTINCT FROM OLD."unit" THEN
    PERFORM 1 FROM "units" WHERE "code" = NEW."unit" FOR KEY SHARE;
    IF NOT FOUND THEN
      RAISE foreign_key_violation USING MESSAGE = 'insert or update on table "orders" violates foreign key constraint "orders_unit_fkey"', DETAIL = format('Key (unit)=(%s) is not present in table "units".', NEW."unit"::text), CONSTRAINT = 'orders_unit_fkey', TABLE = 'orders';
    END IF;
  END IF;
  IF NEW."batchId" IS NOT NULL AND NEW."batchId" IS DISTINCT FROM OLD."batchId" THEN
    PERFORM 1 FROM "import_batches" WHERE "id" = NEW."batchId" FOR KEY SHARE;
    IF NOT FOUND THEN
      RAISE foreign_key_violation USING MESSAGE = 'insert or update on table "orders" violates foreign key constraint "orders_batchId_fkey"', DETAIL = format('Key (batchId)=(%s) is not present in table "import_batches".', NEW."batchId"::text), CONSTRAINT = 'orders_batchId_fkey', TABLE = 'orders';
    END IF;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER "kaohe_orders_updated" AFTER UPDATE OF "unit", "batchId" ON "orders" FOR EACH ROW WHEN (OLD."unit" IS DISTINCT FROM NEW."unit" OR OLD."batchId" IS DISTINCT FROM NEW."batchId") EXECUTE FUNCTION "kaohe_orders_updated"();

-- units deleted: refused while orders name it; a key changed: orders follow
CREATE OR REPLACE FUNCTION "kaohe_orders_unit_fkey"() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF EXISTS (SELECT 1 FROM "orders" WHERE "unit" = OLD."code") THEN
      RAISE foreign_key_violation USING MESSAGE = 'update or delete on table "units" violates foreign key constraint "orders_unit_fkey" on table "orders"', DETAIL = format('Key (code)=(%s) is still referenced from table "orders".', OLD."code"::text), CONSTRAINT = 'orders_unit_fkey', TABLE = 'units';
    END IF;
  ELSE
    UPDATE "orders" SET "unit" = NEW."code" WHERE "unit" = OLD."code";
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER "kaohe_orders_unit_fkey_deleted" AFTER DELETE ON "units" FOR EACH ROW EXECUTE FUNCTION "kaohe_orders_unit_fkey"();

CREATE TRIGGER "kaohe_orders_unit_fkey_updated" AFTER UPDATE OF "code" ON "units" FOR EACH ROW WHEN (OLD."code" IS DISTINCT FROM NEW."code") EXECUTE FUNCTION "kaohe_orders_unit_fkey"();

-- import_batches deleted: orders naming them name none; a key changed: orders follow
CREATE OR REPLACE FUNCTION "kaohe_orders_batchId_fkey"() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    UPDATE "orders" SET "batchId" = NULL WHERE "batchId" = OLD."id";
  ELSE
    UPDATE "orders" SET "batchId" = NEW."id" WHERE "batchId" = OLD."id";
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER "kaohe_orders_batchId_fkey_deleted" AFTER DELETE ON "import_batches" FOR EACH ROW EXECUTE FUNCTION "kaohe_orders_batchId_fkey"();

CREATE TRIGGER "kaohe_orders_batchId_fkey_updated" AFTER UPDATE OF "id" ON "import_batches" FOR EACH ROW WHEN (OLD."id" IS DISTINCT FROM NEW."id") EXECUTE FUNCTION "kaohe_orders_batchId_fkey"();
