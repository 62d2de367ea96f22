import type { ReactNode } from "react";
import { CommandPalette } from "./command-palette";
import { Nav } from "@/components/shell/nav";
import { navItems } from "@/components/shell/nav-items";
import { SidebarMenu } from "@/components/shell/sidebar-menu";
import { TimeZoneProvider } from "@/components/ui/time-zone-context";
import { roleAllows } from "@/server/auth/roles";
import { requireUser } from "../_lib/current-user";
import { displayZone } from "../_lib/display-zone";
import { UserMenu } from "./user-menu";

export const dynamic = "force-dynamic";

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  const { zone, chosen } = await displayZone(user.id);
  return (
    <TimeZoneProvider zone={zone} chosen={chosen}>
      <div className="shell">
        <aside className="sidebar">
          <div className="sidebar-head">
            <div className="brand">Gristmill</div>
          </div>
          <SidebarMenu>
            <CommandPalette />
            <Nav items={navItems.filter((item) => roleAllows(item.access, user.role))} />
            <UserMenu name={user.name} role={user.role} />
          </SidebarMenu>
        </aside>
        <main className="main">{children}</main>
      </div>
    </TimeZoneProvider>
  );
}
