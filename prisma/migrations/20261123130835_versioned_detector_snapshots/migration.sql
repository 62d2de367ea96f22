-- Snapshots become versioned by the window end they consumed. Old rows carry no such time: they are
-- dropped, and scans forget their snapshot pointer, so each sensor warms up on recent history again.
DELETE FROM "SensorDetectorSnapshot";
UPDATE "AnomalyScanWatermark" SET "stateWatermark" = NULL;

-- AlterTable
ALTER TABLE "SensorDetectorSnapshot" DROP CONSTRAINT "SensorDetectorSnapshot_pkey",
DROP COLUMN "updatedAt",
ADD COLUMN     "takenAt" TIMESTAMP(3) NOT NULL,
ADD CONSTRAINT "SensorDetectorSnapshot_pkey" PRIMARY KEY ("scanKey", "takenAt", "sensorKey");
