-- AlterTable
ALTER TABLE "orders" ADD COLUMN "digest" TEXT;

-- AlterTable
ALTER TABLE "events" ADD COLUMN "digest" TEXT;


-- A digest stays true to its row: an UPDATE of what a row says (any of its columns but the import's bookkeeping) that
-- leaves its digest as it was (any writer but an import: a correction, a hand-made change) clears it, and the
-- fingerprint reads the row itself. (test/row-digest.test.ts holds the column lists to the tables'.)
-- (Each statement on its own lines, its inner `;` not at a line's end: src/migrate.ts splits a file at those.)
CREATE TRIGGER "orders_digest_stale" AFTER UPDATE OF "id", "unit", "source", "kind", "receivedAt", "dueAt", "extendedTo", "closedAt", "delayExcused", "returned", "returnAccepted", "redoCount", "anonymous", "visited", "processSatisfaction", "resultSatisfaction", "closureType", "rebound", "leaderInstructed", "attributes" ON "orders" FOR EACH ROW WHEN NEW."digest" IS NOT NULL AND NEW."digest" IS OLD."digest"
BEGIN UPDATE "orders" SET "digest" = NULL WHERE "id" = NEW."id"; END;

CREATE TRIGGER "events_digest_stale" AFTER UPDATE OF "id", "unit", "date", "type", "count", "points", "orderId", "note", "attributes" ON "events" FOR EACH ROW WHEN NEW."digest" IS NOT NULL AND NEW."digest" IS OLD."digest"
BEGIN UPDATE "events" SET "digest" = NULL WHERE "id" = NEW."id"; END;
