"use client";

import { useRef } from "react";
import { RUN_CHANGES_EVENT, type RunChange } from "@/server/runs/run-change";
import { useLiveEvent } from "./live";

/**
 * Calls onMatch when workers report changes to runs the page shows (at most once per throttleMs,
 * with the latest matching changes), so a busy fleet does not make the page refetch on every batch; also
 * once subscribed (with no changes), since changes before the subscription were not delivered.
 */
export function useRunChanges(matches: (change: RunChange) => boolean, onMatch: (changes: RunChange[]) => void, throttleMs = 500): void {
  const pending = useRef<RunChange[]>([]);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const latest = useRef({ matches, onMatch });
  latest.current = { matches, onMatch };
  useLiveEvent<RunChange[]>(
    "runs",
    RUN_CHANGES_EVENT,
    (changes) => {
      const hits = changes.filter((c) => latest.current.matches(c));
      if (!hits.length) return;
      pending.current.push(...hits);
      timer.current ??= setTimeout(() => {
        timer.current = null;
        const batch = pending.current.splice(0);
        latest.current.onMatch(batch);
      }, throttleMs);
    },
    () => latest.current.onMatch([]),
  );
}
