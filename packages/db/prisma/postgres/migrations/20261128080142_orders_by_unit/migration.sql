-- AlterTable
ALTER TABLE "orders" DROP CONSTRAINT "orders_pkey",
ADD CONSTRAINT "orders_pkey" PRIMARY KEY ("unit", "receivedAt", "id");

-- CreateIndex
CREATE UNIQUE INDEX "orders_id_key" ON "orders"("id");

