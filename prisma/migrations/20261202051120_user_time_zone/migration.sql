-- AlterTable
ALTER TABLE "User" ADD COLUMN     "timeZone" VARCHAR(64);
