-- CreateTable
CREATE TABLE "Report" (
    "id" BIGSERIAL NOT NULL,
    "resolution" TEXT NOT NULL,
    "windowStart" TIMESTAMP(3) NOT NULL,
    "windowEnd" TIMESTAMP(3) NOT NULL,
    "infraType" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "sensorCount" INTEGER NOT NULL,
    "readings" INTEGER NOT NULL,
    "expected" DOUBLE PRECISION NOT NULL,
    "completeness" DOUBLE PRECISION,
    "min" DOUBLE PRECISION,
    "mean" DOUBLE PRECISION,
    "max" DOUBLE PRECISION,
    "stddev" DOUBLE PRECISION,
    "p95" DOUBLE PRECISION,
    "sensorsOk" INTEGER NOT NULL,
    "sensorsLate" INTEGER NOT NULL,
    "sensorsSilent" INTEGER NOT NULL,
    "alertsWarning" INTEGER NOT NULL,
    "alertsCritical" INTEGER NOT NULL,
    "generatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Report_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReportSensor" (
    "id" BIGSERIAL NOT NULL,
    "reportId" BIGINT NOT NULL,
    "sensorKey" TEXT NOT NULL,
    "readings" INTEGER NOT NULL,
    "expected" DOUBLE PRECISION NOT NULL,
    "completeness" DOUBLE PRECISION,
    "min" DOUBLE PRECISION,
    "mean" DOUBLE PRECISION,
    "max" DOUBLE PRECISION,
    "stddev" DOUBLE PRECISION,
    "p95" DOUBLE PRECISION,
    "status" TEXT NOT NULL,
    "alertsWarning" INTEGER NOT NULL,
    "alertsCritical" INTEGER NOT NULL,

    CONSTRAINT "ReportSensor_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReportWindow" (
    "resolution" TEXT NOT NULL,
    "windowStart" TIMESTAMP(3) NOT NULL,
    "windowEnd" TIMESTAMP(3) NOT NULL,
    "rawReadings" INTEGER,
    "generatedAt" TIMESTAMP(3),
    "dirtySince" TIMESTAMP(3),

    CONSTRAINT "ReportWindow_pkey" PRIMARY KEY ("resolution","windowStart")
);

-- CreateIndex
CREATE INDEX "Report_resolution_infraType_region_windowStart_idx" ON "Report"("resolution", "infraType", "region", "windowStart");

-- CreateIndex
CREATE UNIQUE INDEX "Report_resolution_windowStart_infraType_region_key" ON "Report"("resolution", "windowStart", "infraType", "region");

-- CreateIndex
CREATE UNIQUE INDEX "ReportSensor_reportId_sensorKey_key" ON "ReportSensor"("reportId", "sensorKey");

-- CreateIndex
CREATE INDEX "ReportWindow_resolution_windowEnd_idx" ON "ReportWindow"("resolution", "windowEnd");

-- AddForeignKey
ALTER TABLE "ReportSensor" ADD CONSTRAINT "ReportSensor_reportId_fkey" FOREIGN KEY ("reportId") REFERENCES "Report"("id") ON DELETE CASCADE ON UPDATE CASCADE;
