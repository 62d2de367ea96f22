-- AlterTable
ALTER TABLE "NotificationSilence" ADD COLUMN     "pauseJobs" BOOLEAN NOT NULL DEFAULT false;
