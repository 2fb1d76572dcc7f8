-- AlterTable
ALTER TABLE "orders" ADD COLUMN     "digest" TEXT;

-- AlterTable
ALTER TABLE "events" ADD COLUMN     "digest" TEXT;


-- A digest stays true to its row: an UPDATE of what a row says (any of its columns but the import's bookkeeping) that
-- leaves its digest as it was (any writer but an import: a correction, a hand-made change) clears it, and the
-- fingerprint reads the row itself. (test/row-digest.test.ts holds the column lists to the tables'.)
-- (Each statement on its own lines, its inner `;` not at a line's end: src/migrate.ts splits a file at those.)
CREATE FUNCTION "kaohe_digest_stale"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN IF NEW."digest" IS NOT DISTINCT FROM OLD."digest" THEN NEW."digest" := NULL; END IF; RETURN NEW; END
$$;

CREATE TRIGGER "orders_digest_stale" BEFORE UPDATE OF "id", "unit", "source", "kind", "receivedAt", "dueAt", "extendedTo", "closedAt", "delayExcused", "returned", "returnAccepted", "redoCount", "anonymous", "visited", "processSatisfaction", "resultSatisfaction", "closureType", "rebound", "leaderInstructed", "attributes" ON "orders" FOR EACH ROW EXECUTE FUNCTION "kaohe_digest_stale"();

CREATE TRIGGER "events_digest_stale" BEFORE UPDATE OF "id", "unit", "date", "type", "count", "points", "orderId", "note", "attributes" ON "events" FOR EACH ROW EXECUTE FUNCTION "kaohe_digest_stale"();
