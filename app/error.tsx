"use client";

import { DegradedNotice } from "@/components/health/degraded-notice";

export default function RootError({ reset }: { error: Error; reset: () => void }) {
  return (
    <DegradedNotice
      onRetry={() => {
        reset();
        window.location.reload();
      }}
    />
  );
}
