-- CreateEnum
CREATE TYPE "TriggerOverflow" AS ENUM ('queue', 'drop');

-- CreateEnum
CREATE TYPE "TriggerFiringOutcome" AS ENUM ('started', 'debounced', 'waiting', 'dropped', 'invalid');

-- CreateTable
CREATE TABLE "domain_event_outbox" (
    "id" BIGSERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processedAt" TIMESTAMP(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,

    CONSTRAINT "domain_event_outbox_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "job_triggers" (
    "id" TEXT NOT NULL,
    "definitionId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "filter" JSONB NOT NULL DEFAULT '{}',
    "paramMap" JSONB NOT NULL DEFAULT '{}',
    "debounceSeconds" INTEGER NOT NULL DEFAULT 0,
    "concurrencyKey" TEXT NOT NULL DEFAULT '',
    "maxConcurrent" INTEGER,
    "overflow" "TriggerOverflow" NOT NULL DEFAULT 'queue',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "tokenHash" TEXT,
    "tokenPrefix" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "job_triggers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "job_trigger_firings" (
    "id" TEXT NOT NULL,
    "triggerId" TEXT NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "eventKind" TEXT NOT NULL,
    "eventId" BIGINT,
    "fields" JSONB NOT NULL,
    "params" JSONB,
    "concurrencyKey" TEXT NOT NULL,
    "outcome" "TriggerFiringOutcome" NOT NULL,
    "reason" TEXT,
    "runId" TEXT,
    "depth" INTEGER NOT NULL DEFAULT 0,
    "bodySha256" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),

    CONSTRAINT "job_trigger_firings_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "domain_event_outbox_dedupeKey_key" ON "domain_event_outbox"("dedupeKey");

-- CreateIndex
CREATE INDEX "domain_event_outbox_processedAt_id_idx" ON "domain_event_outbox"("processedAt", "id");

-- CreateIndex
CREATE UNIQUE INDEX "job_triggers_tokenHash_key" ON "job_triggers"("tokenHash");

-- CreateIndex
CREATE INDEX "job_triggers_event_enabled_idx" ON "job_triggers"("event", "enabled");

-- CreateIndex
CREATE UNIQUE INDEX "job_triggers_definitionId_name_key" ON "job_triggers"("definitionId", "name");

-- CreateIndex
CREATE INDEX "job_trigger_firings_triggerId_createdAt_idx" ON "job_trigger_firings"("triggerId", "createdAt");

-- CreateIndex
CREATE INDEX "job_trigger_firings_triggerId_concurrencyKey_outcome_idx" ON "job_trigger_firings"("triggerId", "concurrencyKey", "outcome");

-- CreateIndex
CREATE INDEX "job_trigger_firings_runId_idx" ON "job_trigger_firings"("runId");

-- CreateIndex
CREATE INDEX "job_trigger_firings_outcome_createdAt_idx" ON "job_trigger_firings"("outcome", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "job_trigger_firings_triggerId_dedupeKey_key" ON "job_trigger_firings"("triggerId", "dedupeKey");

-- AddForeignKey
ALTER TABLE "job_triggers" ADD CONSTRAINT "job_triggers_definitionId_fkey" FOREIGN KEY ("definitionId") REFERENCES "JobDefinition"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "job_trigger_firings" ADD CONSTRAINT "job_trigger_firings_triggerId_fkey" FOREIGN KEY ("triggerId") REFERENCES "job_triggers"("id") ON DELETE CASCADE ON UPDATE CASCADE;
