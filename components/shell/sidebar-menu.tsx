"use client";

import { usePathname } from "next/navigation";
import { useEffect, useState, type ReactNode } from "react";

/**
 * The sidebar's palette, nav and user menu. On a phone-wide screen they fold behind a Menu button
 * (the page gets the whole width) and fold again after each navigation; wider, they always show.
 */
export function SidebarMenu({ children }: { children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const pathname = usePathname();
  // biome-ignore lint/correctness/useExhaustiveDependencies: navigating is the trigger; the path is not read
  useEffect(() => setOpen(false), [pathname]);
  return (
    <>
      <button type="button" className="menu-toggle" aria-expanded={open} aria-controls="console-menu" onClick={() => setOpen((o) => !o)}>
        Menu
      </button>
      <div id="console-menu" className="sidebar-menu" data-open={open || undefined}>
        {children}
      </div>
    </>
  );
}
