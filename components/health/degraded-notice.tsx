"use client";

import { useEffect, useState } from "react";
import type { HealthReport } from "@/server/health/check-health";

/** /api/health's answer: the full report to a signed-in caller, up or down per dependency to others. */
type Health = Pick<HealthReport, "status" | "down"> & { dependencies: Record<string, { ok: boolean; error?: string }> };

/** Shown instead of a page that failed: says which dependency is down, and retries. */
export function DegradedNotice({ onRetry }: { onRetry: () => void }) {
  const [health, setHealth] = useState<Health | null>(null);
  useEffect(() => {
    let alive = true;
    const check = () =>
      fetch("/api/health", { cache: "no-store" })
        .then((r) => r.json() as Promise<Health>)
        .then(
          (h) => alive && setHealth(h),
          () => alive && setHealth(null),
        );
    void check();
    const timer = setInterval(check, 3_000);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, []);
  const down = health?.down ?? [];
  return (
    <main className="panel login" role="alert" data-testid="degraded">
      <h1>Gristmill is degraded</h1>
      {down.length > 0 ? (
        <p>
          The console cannot reach <strong data-testid="degraded-deps">{down.join(", ")}</strong>. Workers keep retrying; nothing is written half-way.
          {down.map((d) => (
            <span key={d} className="muted" data-testid={`degraded-${d}`}>
              <br />
              {d}: {health?.dependencies[d]?.error}
            </span>
          ))}
        </p>
      ) : (
        <p>{health?.status === "ok" ? "The dependencies answer again." : "The page failed to load."}</p>
      )}
      <button className="primary" type="button" onClick={onRetry}>
        Try again
      </button>
    </main>
  );
}
