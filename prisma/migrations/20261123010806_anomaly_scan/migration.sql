-- CreateTable
CREATE TABLE "AnomalyScanWatermark" (
    "scanKey" TEXT NOT NULL,
    "watermark" TIMESTAMP(3) NOT NULL,
    "stateWatermark" TIMESTAMP(3),
    "scans" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AnomalyScanWatermark_pkey" PRIMARY KEY ("scanKey")
);

-- CreateTable
CREATE TABLE "SensorDetectorSnapshot" (
    "scanKey" TEXT NOT NULL,
    "sensorKey" TEXT NOT NULL,
    "state" JSONB NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SensorDetectorSnapshot_pkey" PRIMARY KEY ("scanKey","sensorKey")
);
