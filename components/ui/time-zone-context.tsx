"use client";

import { useRouter } from "next/navigation";
import { createContext, useContext, useEffect, type ReactNode } from "react";

/** Cookie carrying the browser's zone for users who chose none, so the server paints in it. */
export const BROWSER_ZONE_COOKIE = "gm_tz";

interface TimeZoneState {
  /** The zone every time on the page is shown in. */
  zone: string;
  /** Whether the user chose it (Account page) or it follows the browser. */
  chosen: boolean;
}

const TimeZoneContext = createContext<TimeZoneState>({ zone: "UTC", chosen: false });

export function useTimeZone(): TimeZoneState {
  return useContext(TimeZoneContext);
}

/**
 * Gives every <Time> the zone the server rendered with, so the first paint and the hydrated page agree.
 * A user without a chosen zone follows the browser's: told once through a cookie, then the page re-renders.
 */
export function TimeZoneProvider({ zone, chosen, children }: TimeZoneState & { children: ReactNode }) {
  const router = useRouter();
  useEffect(() => {
    if (chosen) return;
    const browser = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
    if (browser === zone) return;
    // biome-ignore lint/suspicious/noDocumentCookie: the Cookie Store API is not in every browser the console supports
    document.cookie = `${BROWSER_ZONE_COOKIE}=${encodeURIComponent(browser)}; path=/; max-age=31536000; samesite=lax`;
    router.refresh();
  }, [chosen, zone, router]);
  return <TimeZoneContext.Provider value={{ zone, chosen }}>{children}</TimeZoneContext.Provider>;
}
