-- CreateEnum
CREATE TYPE "CoverageKind" AS ENUM ('scan', 'report');

-- CreateEnum
CREATE TYPE "CoverageState" AS ENUM ('covered', 'missing', 'stale', 'in_progress');

-- CreateEnum
CREATE TYPE "BackfillStatus" AS ENUM ('awaiting_confirmation', 'queued', 'running', 'succeeded', 'failed', 'cancelled');

-- CreateTable
CREATE TABLE "CoverageBucket" (
    "kind" "CoverageKind" NOT NULL,
    "scope" TEXT NOT NULL,
    "bucketStart" TIMESTAMP(3) NOT NULL,
    "state" "CoverageState" NOT NULL,
    "readings" INTEGER NOT NULL DEFAULT 0,
    "newestReadingAt" TIMESTAMP(3),
    "configVersion" TEXT,
    "correctionsVersion" INTEGER,
    "judgedAt" TIMESTAMP(3),
    "staleSince" TIMESTAMP(3),
    "staleReason" TEXT,

    CONSTRAINT "CoverageBucket_pkey" PRIMARY KEY ("kind","scope","bucketStart")
);

-- CreateTable
CREATE TABLE "CoverageCorrections" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "version" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "CoverageCorrections_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CoverageBackfill" (
    "id" TEXT NOT NULL,
    "kind" "CoverageKind" NOT NULL,
    "scope" TEXT NOT NULL,
    "params" JSONB NOT NULL,
    "from" TIMESTAMP(3) NOT NULL,
    "to" TIMESTAMP(3) NOT NULL,
    "chunks" JSONB NOT NULL,
    "chunksDone" INTEGER NOT NULL DEFAULT 0,
    "status" "BackfillStatus" NOT NULL,
    "trigger" TEXT NOT NULL,
    "requestedBy" TEXT,
    "dryRun" JSONB NOT NULL,
    "readings" INTEGER NOT NULL DEFAULT 0,
    "alerts" INTEGER NOT NULL DEFAULT 0,
    "runId" TEXT,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CoverageBackfill_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CoverageBucket_kind_state_bucketStart_idx" ON "CoverageBucket"("kind", "state", "bucketStart");

-- CreateIndex
CREATE INDEX "CoverageBucket_bucketStart_idx" ON "CoverageBucket"("bucketStart");

-- CreateIndex
CREATE INDEX "CoverageBackfill_status_createdAt_idx" ON "CoverageBackfill"("status", "createdAt");

-- CreateIndex
CREATE INDEX "CoverageBackfill_kind_scope_createdAt_idx" ON "CoverageBackfill"("kind", "scope", "createdAt");

-- One active backfill per scope: a second request coalesces into it or waits (Prisma has no partial unique index).
CREATE UNIQUE INDEX "CoverageBackfill_one_active_per_scope" ON "CoverageBackfill" ("kind", "scope") WHERE "status" IN ('awaiting_confirmation', 'queued', 'running');

INSERT INTO "CoverageCorrections" ("id", "version") VALUES (1, 0);
