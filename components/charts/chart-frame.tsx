"use client";

import type { ReactElement, ReactNode } from "react";
import { ResponsiveContainer } from "recharts";
import { ChartEmpty } from "./chart-empty";

/** The margin and grid colour every console chart draws with. */
export const CHART_MARGIN = { top: 8, right: 16, bottom: 8, left: 8 };
export const GRID_STROKE = "#e5e9ef";

/** A value axis's label, written up its side. */
export const sideLabel = (value: string) => ({ value, angle: -90, position: "insideLeft" as const, fontSize: 12 });

/** A chart's box: its height, and either the chart or, when there is nothing to draw, why and what to do. */
export function ChartFrame({
  testId,
  height,
  empty,
  children,
}: {
  testId: string;
  height: number;
  empty: { why: ReactNode; todo: ReactNode } | null;
  children: ReactElement;
}) {
  return (
    <div style={{ width: "100%", height }} data-testid={testId}>
      {empty ? <ChartEmpty testId={`${testId}-empty`} {...empty} /> : <ResponsiveContainer>{children}</ResponsiveContainer>}
    </div>
  );
}
