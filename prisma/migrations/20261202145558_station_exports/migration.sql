-- AlterTable
ALTER TABLE "ReadingsExport" ADD COLUMN     "kind" TEXT NOT NULL DEFAULT 'readings',
ADD COLUMN     "stationId" TEXT;

-- CreateIndex
CREATE INDEX "ReadingsExport_stationId_createdAt_idx" ON "ReadingsExport"("stationId", "createdAt");

