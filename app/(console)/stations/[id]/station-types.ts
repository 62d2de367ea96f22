import type { RouterOutputs } from "@/app/_lib/trpc";

export type Station = RouterOutputs["stations"]["get"];
export type Logger = Station["loggers"][number];
