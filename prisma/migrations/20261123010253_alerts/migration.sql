-- CreateTable
CREATE TABLE "AlertIncident" (
    "id" TEXT NOT NULL,
    "groupingKey" TEXT NOT NULL,
    "sensorKey" TEXT NOT NULL,
    "region" TEXT,
    "infraType" TEXT,
    "quantity" TEXT,
    "status" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "detectors" TEXT[],
    "openedAt" TIMESTAMP(3) NOT NULL,
    "lastSeenAt" TIMESTAMP(3) NOT NULL,
    "acknowledgedAt" TIMESTAMP(3),
    "acknowledgedBy" TEXT,
    "resolvedAt" TIMESTAMP(3),
    "resolvedBy" TEXT,
    "resolution" TEXT,

    CONSTRAINT "AlertIncident_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Alert" (
    "key" TEXT NOT NULL,
    "incidentId" TEXT NOT NULL,
    "sensorKey" TEXT NOT NULL,
    "detector" TEXT NOT NULL,
    "bucketStart" TIMESTAMP(3) NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "severity" TEXT NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,
    "observed" DOUBLE PRECISION NOT NULL,
    "expectedLow" DOUBLE PRECISION,
    "expectedHigh" DOUBLE PRECISION,
    "expectedCenter" DOUBLE PRECISION,
    "message" TEXT NOT NULL,
    "evidenceFrom" TIMESTAMP(3) NOT NULL,
    "evidenceTo" TIMESTAMP(3) NOT NULL,
    "firstSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Alert_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "AlertIncident_status_severity_lastSeenAt_idx" ON "AlertIncident"("status", "severity", "lastSeenAt");

-- CreateIndex
CREATE INDEX "AlertIncident_sensorKey_lastSeenAt_idx" ON "AlertIncident"("sensorKey", "lastSeenAt");

-- CreateIndex
CREATE INDEX "AlertIncident_region_infraType_idx" ON "AlertIncident"("region", "infraType");

-- CreateIndex
CREATE INDEX "Alert_incidentId_idx" ON "Alert"("incidentId");

-- CreateIndex
CREATE INDEX "Alert_sensorKey_at_idx" ON "Alert"("sensorKey", "at");

-- AddForeignKey
ALTER TABLE "Alert" ADD CONSTRAINT "Alert_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "AlertIncident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- At most one unresolved incident per grouping key, whatever races between scans.
CREATE UNIQUE INDEX "AlertIncident_one_active_per_group" ON "AlertIncident"("groupingKey") WHERE "status" <> 'resolved';
