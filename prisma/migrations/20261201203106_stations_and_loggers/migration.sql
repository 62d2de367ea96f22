-- CreateEnum
CREATE TYPE "StationType" AS ENUM ('mast', 'lidar', 'sodar', 'solar', 'plant', 'water_station');

-- CreateEnum
CREATE TYPE "PointStatistic" AS ENUM ('avg', 'sd', 'min', 'max', 'gust', 'sum', 'sample');

-- CreateEnum
CREATE TYPE "LoggerColumnState" AS ENUM ('mapped', 'ignored', 'held');

-- AlterTable
ALTER TABLE "SensorImport" ADD COLUMN     "heldColumns" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "loggerId" TEXT;

-- CreateTable
CREATE TABLE "Station" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "type" "StationType" NOT NULL,
    "latitude" DOUBLE PRECISION,
    "longitude" DOUBLE PRECISION,
    "elevationM" DOUBLE PRECISION,
    "timeZone" TEXT NOT NULL DEFAULT 'UTC',
    "region" TEXT NOT NULL DEFAULT 'default',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" TEXT,

    CONSTRAINT "Station_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Logger" (
    "id" TEXT NOT NULL,
    "stationId" TEXT NOT NULL,
    "make" TEXT NOT NULL,
    "model" TEXT,
    "serial" TEXT NOT NULL,
    "timeZone" TEXT,
    "averagingSeconds" INTEGER NOT NULL DEFAULT 600,
    "timestampsAtEnd" BOOLEAN NOT NULL DEFAULT false,
    "readOptions" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Logger_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MeasurementPoint" (
    "id" TEXT NOT NULL,
    "stationId" TEXT NOT NULL,
    "sensorId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "quantity" TEXT NOT NULL,
    "heightM" DOUBLE PRECISION,
    "orientation" TEXT,
    "statistic" "PointStatistic" NOT NULL,
    "unit" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MeasurementPoint_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LoggerColumn" (
    "id" TEXT NOT NULL,
    "loggerId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "state" "LoggerColumnState" NOT NULL,
    "pointId" TEXT,
    "proposal" JSONB NOT NULL,
    "unit" TEXT,
    "processing" TEXT,
    "firstSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LoggerColumn_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Station_name_key" ON "Station"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Station_slug_key" ON "Station"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "Logger_make_serial_key" ON "Logger"("make", "serial");

-- CreateIndex
CREATE UNIQUE INDEX "MeasurementPoint_sensorId_key" ON "MeasurementPoint"("sensorId");

-- CreateIndex
CREATE UNIQUE INDEX "MeasurementPoint_stationId_name_key" ON "MeasurementPoint"("stationId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "LoggerColumn_loggerId_name_key" ON "LoggerColumn"("loggerId", "name");

-- AddForeignKey
ALTER TABLE "SensorImport" ADD CONSTRAINT "SensorImport_loggerId_fkey" FOREIGN KEY ("loggerId") REFERENCES "Logger"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Logger" ADD CONSTRAINT "Logger_stationId_fkey" FOREIGN KEY ("stationId") REFERENCES "Station"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MeasurementPoint" ADD CONSTRAINT "MeasurementPoint_stationId_fkey" FOREIGN KEY ("stationId") REFERENCES "Station"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MeasurementPoint" ADD CONSTRAINT "MeasurementPoint_sensorId_fkey" FOREIGN KEY ("sensorId") REFERENCES "Sensor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LoggerColumn" ADD CONSTRAINT "LoggerColumn_loggerId_fkey" FOREIGN KEY ("loggerId") REFERENCES "Logger"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LoggerColumn" ADD CONSTRAINT "LoggerColumn_pointId_fkey" FOREIGN KEY ("pointId") REFERENCES "MeasurementPoint"("id") ON DELETE SET NULL ON UPDATE CASCADE;
