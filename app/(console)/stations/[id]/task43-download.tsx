"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { FormError } from "@/components/ui/form-error";
import { errorMessage, useTRPC } from "@/app/_lib/trpc";

/** Saves the station as an IEA Task 43 WRA data model JSON file (refused, with the reason, for types or stations Task 43 cannot describe). */
export function Task43Download({ stationId, slug }: { stationId: string; slug: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const download = async () => {
    setError(null);
    try {
      const document = await queryClient.fetchQuery({ ...trpc.stations.exportTask43.queryOptions({ id: stationId }), staleTime: 0 });
      const url = URL.createObjectURL(new Blob([JSON.stringify(document, null, 2)], { type: "application/json" }));
      const link = Object.assign(window.document.createElement("a"), { href: url, download: `${slug}.iea43.json` });
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  return (
    <>
      <button type="button" onClick={() => void download()}>
        Download Task 43 JSON
      </button>
      <FormError message={error} />
    </>
  );
}
