-- CreateEnum
CREATE TYPE "SensorState" AS ENUM ('active', 'pending', 'retired');

-- CreateEnum
CREATE TYPE "UnknownSensorPolicy" AS ENUM ('register', 'refuse');

-- CreateEnum
CREATE TYPE "ImportStatus" AS ENUM ('queued', 'running', 'succeeded', 'failed');

-- CreateTable
CREATE TABLE "Sensor" (
    "id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "quantity" TEXT NOT NULL,
    "unit" TEXT NOT NULL,
    "infraType" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "site" TEXT NOT NULL,
    "intervalSeconds" INTEGER NOT NULL DEFAULT 60,
    "validMin" DOUBLE PRECISION,
    "validMax" DOUBLE PRECISION,
    "state" "SensorState" NOT NULL DEFAULT 'active',
    "lastReadingAt" TIMESTAMP(3),
    "lastValue" DOUBLE PRECISION,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Sensor_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SensorCalibration" (
    "id" TEXT NOT NULL,
    "sensorId" TEXT NOT NULL,
    "slope" DOUBLE PRECISION NOT NULL,
    "offset" DOUBLE PRECISION NOT NULL,
    "effectiveFrom" TIMESTAMP(3) NOT NULL,
    "note" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" TEXT,

    CONSTRAINT "SensorCalibration_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SensorFlag" (
    "id" TEXT NOT NULL,
    "sensorId" TEXT NOT NULL,
    "from" TIMESTAMP(3) NOT NULL,
    "to" TIMESTAMP(3) NOT NULL,
    "reason" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" TEXT,

    CONSTRAINT "SensorFlag_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IngestSource" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "tokenPrefix" TEXT NOT NULL,
    "unknownSensors" "UnknownSensorPolicy" NOT NULL DEFAULT 'refuse',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" TEXT,
    "revokedAt" TIMESTAMP(3),
    "lastUsedAt" TIMESTAMP(3),

    CONSTRAINT "IngestSource_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SensorImport" (
    "id" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "timeZone" TEXT NOT NULL,
    "columnMap" JSONB NOT NULL,
    "sourceId" TEXT,
    "status" "ImportStatus" NOT NULL DEFAULT 'queued',
    "rows" INTEGER NOT NULL DEFAULT 0,
    "points" INTEGER NOT NULL DEFAULT 0,
    "firstAt" TIMESTAMP(3),
    "lastAt" TIMESTAMP(3),
    "errors" JSONB NOT NULL DEFAULT '[]',
    "content" BYTEA,
    "runId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" TEXT,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "SensorImport_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Sensor_key_key" ON "Sensor"("key");

-- CreateIndex
CREATE INDEX "Sensor_infraType_region_idx" ON "Sensor"("infraType", "region");

-- CreateIndex
CREATE INDEX "Sensor_state_idx" ON "Sensor"("state");

-- CreateIndex
CREATE UNIQUE INDEX "SensorCalibration_sensorId_effectiveFrom_key" ON "SensorCalibration"("sensorId", "effectiveFrom");

-- CreateIndex
CREATE INDEX "SensorFlag_sensorId_from_idx" ON "SensorFlag"("sensorId", "from");

-- CreateIndex
CREATE UNIQUE INDEX "IngestSource_name_key" ON "IngestSource"("name");

-- CreateIndex
CREATE UNIQUE INDEX "IngestSource_tokenHash_key" ON "IngestSource"("tokenHash");

-- CreateIndex
CREATE INDEX "SensorImport_sha256_idx" ON "SensorImport"("sha256");

-- CreateIndex
CREATE INDEX "SensorImport_createdAt_idx" ON "SensorImport"("createdAt");

-- AddForeignKey
ALTER TABLE "SensorCalibration" ADD CONSTRAINT "SensorCalibration_sensorId_fkey" FOREIGN KEY ("sensorId") REFERENCES "Sensor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SensorFlag" ADD CONSTRAINT "SensorFlag_sensorId_fkey" FOREIGN KEY ("sensorId") REFERENCES "Sensor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SensorImport" ADD CONSTRAINT "SensorImport_sourceId_fkey" FOREIGN KEY ("sourceId") REFERENCES "IngestSource"("id") ON DELETE SET NULL ON UPDATE CASCADE;
