import type { ReactNode } from "react";

/** What a chart shows when it has nothing to draw: why it is empty, and what to do about it. */
export function ChartEmpty({ why, todo, testId }: { why: ReactNode; todo: ReactNode; testId?: string }) {
  return (
    <div className="chart-empty" role="status" data-testid={testId ?? "chart-empty"}>
      <strong>{why}</strong>
      <span className="muted">{todo}</span>
    </div>
  );
}
