-- AlterTable
ALTER TABLE "NotificationDelivery" ADD COLUMN     "silenceId" TEXT;
