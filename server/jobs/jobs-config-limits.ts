/** Bounds on a jobs file, shared by the console's upload (checked before sending) and the server (checked again). */
export const JOBS_CONFIG_MAX_BYTES = 512 * 1024;
export const JOBS_CONFIG_MAX_ENTRIES = 1_000;
