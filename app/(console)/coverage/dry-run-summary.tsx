import { Time } from "@/components/ui/time";

export interface DryRun {
  sensors: number;
  buckets: number;
  sensorBuckets: number;
  readings: number;
  estimatedSeconds: number;
  chunks: number;
  from: number;
  to: number;
  clampedTo?: number;
}

export function formatDuration(seconds: number): string {
  if (seconds < 90) return `${seconds} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

/** What a backfill will do, before anyone starts it. */
export function DryRunSummary({ plan }: { plan: DryRun }) {
  if (plan.chunks === 0)
    return (
      <p className="muted" data-testid="dry-run">
        Nothing to do in this range.
      </p>
    );
  return (
    <p data-testid="dry-run">
      {plan.sensors.toLocaleString("en")} sensors × {plan.buckets.toLocaleString("en")} hours ({plan.sensorBuckets.toLocaleString("en")} sensor-hours) in{" "}
      {plan.chunks} chunk
      {plan.chunks === 1 ? "" : "s"}, about {plan.readings.toLocaleString("en")} readings to read, estimated {formatDuration(plan.estimatedSeconds)};{" "}
      <Time value={plan.from} format="minute" /> to <Time value={plan.to} format="minute" />
      {plan.clampedTo !== undefined && (
        <span className="muted">
          {" "}
          (cut at <Time value={plan.clampedTo} format="minute" />: the live job judges what comes after)
        </span>
      )}
      .
    </p>
  );
}
