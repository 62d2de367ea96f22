"use client";

import { useEffect, useState } from "react";

/**
 * False on the server and in the first client render, true once React has hydrated.
 * A control that is usable before then loses what the user did: hydration puts back the server-rendered state.
 */
export function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}
