-- AlterTable
ALTER TABLE "SensorImport" ADD COLUMN     "original" BYTEA,
ADD COLUMN     "originalBytes" INTEGER,
ADD COLUMN     "replaceConflicts" BOOLEAN NOT NULL DEFAULT false;
