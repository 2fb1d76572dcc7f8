-- CreateTable
CREATE TABLE "sign_in_locks" (
    "userId" INTEGER NOT NULL,
    "address" TEXT NOT NULL,
    "failedAttempts" INTEGER NOT NULL DEFAULT 0,
    "lockedUntil" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "sign_in_locks_pkey" PRIMARY KEY ("userId","address")
);

-- AddForeignKey
ALTER TABLE "sign_in_locks" ADD CONSTRAINT "sign_in_locks_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

