-- AlterTable
ALTER TABLE "SensorImport" ADD COLUMN     "readOptions" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "report" JSONB;
