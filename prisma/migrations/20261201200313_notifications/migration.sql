-- AlterEnum
ALTER TYPE "RunTrigger" ADD VALUE 'event';

-- CreateTable
CREATE TABLE "NotificationChannel" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "settings" JSONB NOT NULL,
    "secretCipher" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "rateLimitPerMinute" INTEGER NOT NULL DEFAULT 30,
    "consecutiveFailures" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "lastFailureAt" TIMESTAMP(3),
    "lastSuccessAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "NotificationChannel_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NotificationDelivery" (
    "id" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "dedupKey" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "incidentId" TEXT,
    "routeId" TEXT,
    "payload" JSONB NOT NULL,
    "status" TEXT NOT NULL,
    "notBefore" TIMESTAMP(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "runId" TEXT,
    "lastError" TEXT,
    "digestId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sendingAt" TIMESTAMP(3),
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "NotificationDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NotificationRoute" (
    "id" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "matchers" JSONB NOT NULL,
    "channelIds" TEXT[],
    "continue" BOOLEAN NOT NULL DEFAULT false,
    "quietHours" JSONB,
    "groupWaitSeconds" INTEGER NOT NULL DEFAULT 0,
    "groupIntervalSeconds" INTEGER NOT NULL DEFAULT 300,
    "repeatIntervalMinutes" INTEGER NOT NULL DEFAULT 240,
    "escalateAfterMinutes" INTEGER,
    "escalateChannelIds" TEXT[],
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "NotificationRoute_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NotificationSilence" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "matchers" JSONB NOT NULL,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3) NOT NULL,
    "recurrenceCron" TEXT,
    "durationMinutes" INTEGER,
    "timeZone" TEXT,
    "comment" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "NotificationSilence_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NotificationIncidentState" (
    "incidentId" TEXT NOT NULL,
    "routeId" TEXT NOT NULL,
    "openedNotifiedAt" TIMESTAMP(3),
    "lastNotifiedAt" TIMESTAMP(3),
    "notifiedSeverity" TEXT,
    "escalatedAt" TIMESTAMP(3),
    "resolvedNotifiedAt" TIMESTAMP(3),
    "sequence" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "NotificationIncidentState_pkey" PRIMARY KEY ("incidentId","routeId")
);

-- CreateIndex
CREATE UNIQUE INDEX "NotificationChannel_name_key" ON "NotificationChannel"("name");

-- CreateIndex
CREATE UNIQUE INDEX "NotificationDelivery_dedupKey_key" ON "NotificationDelivery"("dedupKey");

-- CreateIndex
CREATE INDEX "NotificationDelivery_channelId_createdAt_idx" ON "NotificationDelivery"("channelId", "createdAt");

-- CreateIndex
CREATE INDEX "NotificationDelivery_status_notBefore_idx" ON "NotificationDelivery"("status", "notBefore");

-- CreateIndex
CREATE INDEX "NotificationDelivery_incidentId_idx" ON "NotificationDelivery"("incidentId");

-- CreateIndex
CREATE INDEX "NotificationRoute_position_idx" ON "NotificationRoute"("position");

-- CreateIndex
CREATE INDEX "NotificationSilence_endsAt_idx" ON "NotificationSilence"("endsAt");

-- AddForeignKey
ALTER TABLE "NotificationDelivery" ADD CONSTRAINT "NotificationDelivery_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "NotificationChannel"("id") ON DELETE CASCADE ON UPDATE CASCADE;
