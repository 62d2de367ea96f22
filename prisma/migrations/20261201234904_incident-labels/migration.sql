-- AlterTable
ALTER TABLE "AlertIncident" ADD COLUMN     "label" TEXT,
ADD COLUMN     "labelDetectorVersion" TEXT,
ADD COLUMN     "labelledAt" TIMESTAMP(3),
ADD COLUMN     "labelledBy" TEXT;
