import { randomUUID } from "node:crypto";

// Imported before anything reads the environment: a bench that enqueues itself does so under its own
// prefix, which it passes to the worker it starts, so it never touches another process's queues.
process.env.QUEUE_PREFIX = `bench-${randomUUID().slice(0, 8)}`;

export const benchPrefix = process.env.QUEUE_PREFIX;
