/** What lists and pages show of an export: never the stored zip. */
export const readingsExportSelect = {
  id: true,
  requestedBy: true,
  params: true,
  status: true,
  progress: true,
  rows: true,
  bytes: true,
  error: true,
  runId: true,
  createdAt: true,
  finishedAt: true,
} as const;
