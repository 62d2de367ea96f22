-- CreateEnum
CREATE TYPE "Priority" AS ENUM ('P0', 'P1', 'P2', 'P3', 'P4');

-- CreateEnum
CREATE TYPE "Complexity" AS ENUM ('simple', 'moderate', 'complex');

-- CreateEnum
CREATE TYPE "RunStatus" AS ENUM ('queued', 'running', 'succeeded', 'failed', 'dead', 'cancelled');

-- CreateEnum
CREATE TYPE "RunTrigger" AS ENUM ('schedule', 'manual', 'rerun', 'replay');

-- CreateTable
CREATE TABLE "JobDefinition" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "params" JSONB NOT NULL,
    "priority" "Priority" NOT NULL DEFAULT 'P2',
    "complexity" "Complexity" NOT NULL DEFAULT 'simple',
    "cron" TEXT,
    "timeZone" TEXT NOT NULL DEFAULT 'UTC',
    "intervalMs" INTEGER,
    "timeoutMs" INTEGER NOT NULL DEFAULT 600000,
    "maxAttempts" INTEGER,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "JobDefinition_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JobDefinitionVersion" (
    "definitionId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "snapshot" JSONB NOT NULL,
    "changedBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "JobDefinitionVersion_pkey" PRIMARY KEY ("definitionId","version")
);

-- CreateTable
CREATE TABLE "JobRun" (
    "id" TEXT NOT NULL,
    "definitionId" TEXT,
    "definitionVersion" INTEGER,
    "jobName" TEXT,
    "kind" TEXT NOT NULL,
    "params" JSONB NOT NULL,
    "paramsEdited" BOOLEAN NOT NULL DEFAULT false,
    "priority" "Priority" NOT NULL,
    "queue" TEXT NOT NULL,
    "trigger" "RunTrigger" NOT NULL,
    "triggeredBy" TEXT,
    "status" "RunStatus" NOT NULL DEFAULT 'queued',
    "queuedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "errors" JSONB NOT NULL DEFAULT '[]',
    "result" JSONB,
    "logs" JSONB NOT NULL DEFAULT '[]',
    "slaBreached" BOOLEAN NOT NULL DEFAULT false,
    "rerunOfId" TEXT,
    "workerId" TEXT,

    CONSTRAINT "JobRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DeadLetter" (
    "id" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "definitionId" TEXT,
    "jobName" TEXT,
    "kind" TEXT NOT NULL,
    "params" JSONB NOT NULL,
    "lastError" TEXT NOT NULL,
    "errorGroup" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "replayRunId" TEXT,
    "replayedAt" TIMESTAMP(3),
    "replayedBy" TEXT,
    "discardedAt" TIMESTAMP(3),
    "discardedBy" TEXT,
    "discardReason" TEXT,

    CONSTRAINT "DeadLetter_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "JobDefinition_name_key" ON "JobDefinition"("name");

-- CreateIndex
CREATE INDEX "JobDefinition_kind_idx" ON "JobDefinition"("kind");

-- CreateIndex
CREATE INDEX "JobRun_queuedAt_idx" ON "JobRun"("queuedAt");

-- CreateIndex
CREATE INDEX "JobRun_definitionId_queuedAt_idx" ON "JobRun"("definitionId", "queuedAt");

-- CreateIndex
CREATE INDEX "JobRun_status_queuedAt_idx" ON "JobRun"("status", "queuedAt");

-- CreateIndex
CREATE INDEX "JobRun_kind_queuedAt_idx" ON "JobRun"("kind", "queuedAt");

-- CreateIndex
CREATE INDEX "JobRun_trigger_queuedAt_idx" ON "JobRun"("trigger", "queuedAt");

-- CreateIndex
CREATE UNIQUE INDEX "DeadLetter_runId_key" ON "DeadLetter"("runId");

-- CreateIndex
CREATE UNIQUE INDEX "DeadLetter_replayRunId_key" ON "DeadLetter"("replayRunId");

-- CreateIndex
CREATE INDEX "DeadLetter_createdAt_idx" ON "DeadLetter"("createdAt");

-- CreateIndex
CREATE INDEX "DeadLetter_kind_errorGroup_idx" ON "DeadLetter"("kind", "errorGroup");

-- AddForeignKey
ALTER TABLE "JobDefinitionVersion" ADD CONSTRAINT "JobDefinitionVersion_definitionId_fkey" FOREIGN KEY ("definitionId") REFERENCES "JobDefinition"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JobRun" ADD CONSTRAINT "JobRun_definitionId_fkey" FOREIGN KEY ("definitionId") REFERENCES "JobDefinition"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeadLetter" ADD CONSTRAINT "DeadLetter_runId_fkey" FOREIGN KEY ("runId") REFERENCES "JobRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeadLetter" ADD CONSTRAINT "DeadLetter_replayRunId_fkey" FOREIGN KEY ("replayRunId") REFERENCES "JobRun"("id") ON DELETE SET NULL ON UPDATE CASCADE;
