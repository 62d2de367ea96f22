-- CreateTable
CREATE TABLE "MeasurementPointConfig" (
    "id" TEXT NOT NULL,
    "pointId" TEXT NOT NULL,
    "dateFrom" TIMESTAMP(3) NOT NULL,
    "dateTo" TIMESTAMP(3),
    "heightM" DOUBLE PRECISION,
    "orientation" TEXT,
    "sensorSerial" TEXT,
    "loggerSlope" DOUBLE PRECISION NOT NULL DEFAULT 1,
    "loggerOffset" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "sensitivity" DOUBLE PRECISION,
    "calibrationSlope" DOUBLE PRECISION,
    "calibrationOffset" DOUBLE PRECISION,
    "calibrationDate" TIMESTAMP(3),
    "certificate" TEXT,
    "notes" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" TEXT,

    CONSTRAINT "MeasurementPointConfig_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "MeasurementPointConfig_pointId_dateFrom_key" ON "MeasurementPointConfig"("pointId", "dateFrom");

-- AddForeignKey
ALTER TABLE "MeasurementPointConfig" ADD CONSTRAINT "MeasurementPointConfig_pointId_fkey" FOREIGN KEY ("pointId") REFERENCES "MeasurementPoint"("id") ON DELETE CASCADE ON UPDATE CASCADE;
