-- CreateIndex
CREATE INDEX "JobRun_startedAt_id_idx" ON "JobRun"("startedAt", "id");

-- CreateIndex
CREATE INDEX "JobRun_finishedAt_id_idx" ON "JobRun"("finishedAt", "id");

