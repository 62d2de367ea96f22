-- CreateEnum
CREATE TYPE "FlagSource" AS ENUM ('manual', 'auto');

-- CreateEnum
CREATE TYPE "FlagSeverity" AS ENUM ('suspect', 'fail');

-- AlterTable
ALTER TABLE "SensorFlag" ADD COLUMN     "params" JSONB,
ADD COLUMN     "severity" "FlagSeverity" NOT NULL DEFAULT 'fail',
ADD COLUMN     "source" "FlagSource" NOT NULL DEFAULT 'manual',
ADD COLUMN     "test" TEXT,
ADD COLUMN     "testVersion" INTEGER;

-- CreateTable
CREATE TABLE "SensorQcOverride" (
    "id" TEXT NOT NULL,
    "sensorId" TEXT NOT NULL,
    "from" TIMESTAMP(3) NOT NULL,
    "to" TIMESTAMP(3) NOT NULL,
    "reason" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" TEXT,

    CONSTRAINT "SensorQcOverride_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "QcConfig" (
    "id" TEXT NOT NULL,
    "quantity" TEXT,
    "pointId" TEXT,
    "tests" JSONB NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "updatedBy" TEXT,

    CONSTRAINT "QcConfig_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SensorQcOverride_sensorId_from_idx" ON "SensorQcOverride"("sensorId", "from");

-- CreateIndex
CREATE UNIQUE INDEX "QcConfig_quantity_key" ON "QcConfig"("quantity");

-- CreateIndex
CREATE UNIQUE INDEX "QcConfig_pointId_key" ON "QcConfig"("pointId");

-- CreateIndex
CREATE INDEX "SensorFlag_sensorId_source_from_idx" ON "SensorFlag"("sensorId", "source", "from");

-- AddForeignKey
ALTER TABLE "SensorQcOverride" ADD CONSTRAINT "SensorQcOverride_sensorId_fkey" FOREIGN KEY ("sensorId") REFERENCES "Sensor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QcConfig" ADD CONSTRAINT "QcConfig_pointId_fkey" FOREIGN KEY ("pointId") REFERENCES "MeasurementPoint"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Exactly one scope: a quantity default or a point override.
ALTER TABLE "QcConfig" ADD CONSTRAINT "QcConfig_one_scope" CHECK (("quantity" IS NULL) <> ("pointId" IS NULL));
