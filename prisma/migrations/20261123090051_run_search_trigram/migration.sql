-- Run-history search (job name, text in the parameters) stays fast at a million runs: trigram indexes
-- serve ILIKE '%text%'. Prisma's schema cannot express an index on params::text, so this migration is hand-written.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX "JobRun_jobName_trgm_idx" ON "JobRun" USING gin ("jobName" gin_trgm_ops);
CREATE INDEX "JobRun_params_trgm_idx" ON "JobRun" USING gin ((params::text) gin_trgm_ops);
