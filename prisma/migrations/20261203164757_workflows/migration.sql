-- CreateEnum
CREATE TYPE "DependencyCondition" AS ENUM ('success', 'failure', 'any');

-- CreateEnum
CREATE TYPE "FanOutScope" AS ENUM ('region', 'site');

-- CreateEnum
CREATE TYPE "WorkflowStatus" AS ENUM ('running', 'succeeded', 'failed');

-- AlterEnum
ALTER TYPE "RunTrigger" ADD VALUE 'workflow';

-- AlterTable
ALTER TABLE "JobDefinition" ADD COLUMN     "fanOut" "FanOutScope";

-- AlterTable
ALTER TABLE "JobRun" ADD COLUMN     "fanOutKey" TEXT,
ADD COLUMN     "workflowRunId" TEXT;

-- CreateTable
CREATE TABLE "job_dependencies" (
    "upstreamId" TEXT NOT NULL,
    "downstreamId" TEXT NOT NULL,
    "condition" "DependencyCondition" NOT NULL DEFAULT 'success',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "job_dependencies_pkey" PRIMARY KEY ("upstreamId","downstreamId")
);

-- CreateTable
CREATE TABLE "workflow_runs" (
    "id" TEXT NOT NULL,
    "rootDefinitionId" TEXT,
    "rootRunId" TEXT NOT NULL,
    "status" "WorkflowStatus" NOT NULL DEFAULT 'running',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "workflow_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "workflow_nodes" (
    "workflowRunId" TEXT NOT NULL,
    "definitionId" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "workflow_nodes_pkey" PRIMARY KEY ("workflowRunId","definitionId")
);

-- CreateIndex
CREATE INDEX "job_dependencies_downstreamId_idx" ON "job_dependencies"("downstreamId");

-- CreateIndex
CREATE UNIQUE INDEX "workflow_runs_rootRunId_key" ON "workflow_runs"("rootRunId");

-- CreateIndex
CREATE INDEX "workflow_runs_status_createdAt_idx" ON "workflow_runs"("status", "createdAt");

-- CreateIndex
CREATE INDEX "JobRun_workflowRunId_idx" ON "JobRun"("workflowRunId");

-- AddForeignKey
ALTER TABLE "job_dependencies" ADD CONSTRAINT "job_dependencies_upstreamId_fkey" FOREIGN KEY ("upstreamId") REFERENCES "JobDefinition"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "job_dependencies" ADD CONSTRAINT "job_dependencies_downstreamId_fkey" FOREIGN KEY ("downstreamId") REFERENCES "JobDefinition"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "workflow_nodes" ADD CONSTRAINT "workflow_nodes_workflowRunId_fkey" FOREIGN KEY ("workflowRunId") REFERENCES "workflow_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
