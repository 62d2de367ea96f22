-- AlterEnum
ALTER TYPE "ImportStatus" ADD VALUE 'held';

-- AlterTable
ALTER TABLE "SensorImport" ADD COLUMN     "progress" INTEGER NOT NULL DEFAULT 0;
