-- AlterTable
ALTER TABLE "JobRun" ADD COLUMN     "complexity" "Complexity",
ADD COLUMN     "maxAttempts" INTEGER,
ADD COLUMN     "timeoutMs" INTEGER;
