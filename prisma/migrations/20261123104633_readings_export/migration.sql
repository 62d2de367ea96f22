-- CreateTable
CREATE TABLE "ReadingsExport" (
    "id" TEXT NOT NULL,
    "requestedBy" TEXT NOT NULL,
    "params" JSONB NOT NULL,
    "status" "ImportStatus" NOT NULL DEFAULT 'queued',
    "progress" INTEGER NOT NULL DEFAULT 0,
    "rows" INTEGER NOT NULL DEFAULT 0,
    "bytes" INTEGER NOT NULL DEFAULT 0,
    "content" BYTEA,
    "error" TEXT,
    "runId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "ReadingsExport_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ReadingsExport_requestedBy_createdAt_idx" ON "ReadingsExport"("requestedBy", "createdAt");
