-- CreateTable
CREATE TABLE "ConnectionClaim" (
    "processId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "pid" INTEGER NOT NULL,
    "pgConnections" INTEGER NOT NULL,
    "claimedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "seenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConnectionClaim_pkey" PRIMARY KEY ("processId")
);

-- CreateIndex
CREATE INDEX "ConnectionClaim_seenAt_idx" ON "ConnectionClaim"("seenAt");
