-- CreateTable
CREATE TABLE "JobMetricMinute" (
    "id" BIGSERIAL NOT NULL,
    "minute" TIMESTAMP(3) NOT NULL,
    "workerId" TEXT NOT NULL,
    "queue" TEXT NOT NULL,
    "priority" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "completed" INTEGER NOT NULL,
    "failed" INTEGER NOT NULL,
    "records" INTEGER NOT NULL,
    "slaBreaches" INTEGER NOT NULL,
    "waitBuckets" INTEGER[],
    "runBuckets" INTEGER[],

    CONSTRAINT "JobMetricMinute_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "JobMetricMinute_minute_idx" ON "JobMetricMinute"("minute");

-- CreateIndex
CREATE UNIQUE INDEX "JobMetricMinute_minute_workerId_queue_priority_kind_key" ON "JobMetricMinute"("minute", "workerId", "queue", "priority", "kind");
