-- CreateIndex
CREATE INDEX "JobRun_rerunOfId_queuedAt_idx" ON "JobRun"("rerunOfId", "queuedAt");
