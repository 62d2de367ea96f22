-- AlterTable
ALTER TABLE "JobDefinition" ADD COLUMN     "deadlineMs" INTEGER,
ADD COLUMN     "scopeWeight" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "JobRun" ADD COLUMN     "boostedAt" TIMESTAMP(3),
ADD COLUMN     "boostedTo" "Priority",
ADD COLUMN     "completionSlaBreached" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "deadlineAt" TIMESTAMP(3),
ADD COLUMN     "scope" TEXT;
