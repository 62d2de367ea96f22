"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useHydrated } from "@/components/ui/use-hydrated";
import type { NavItem } from "./nav-items";

export function Nav({ items }: { items: NavItem[] }) {
  const pathname = usePathname();
  // Set once React has hydrated the shell: from then on a click on a link is the router's, not the browser's.
  const hydrated = useHydrated();
  return (
    <nav className="nav" aria-label="Console" data-hydrated={hydrated || undefined}>
      {items.map((item) => {
        const active = item.href === "/" ? pathname === "/" : pathname.startsWith(item.href);
        return (
          <Link key={item.href} href={item.href} aria-current={active ? "page" : undefined}>
            {item.label}
          </Link>
        );
      })}
    </nav>
  );
}
