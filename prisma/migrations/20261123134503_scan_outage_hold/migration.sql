-- AlterTable
ALTER TABLE "AnomalyScanWatermark" ADD COLUMN     "readingsUnavailableSince" TIMESTAMP(3),
ADD COLUMN     "resumeAt" TIMESTAMP(3);
