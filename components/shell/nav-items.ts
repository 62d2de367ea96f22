import type { RoleGroup } from "@/server/auth/roles";

export interface NavItem {
  href: string;
  label: string;
  access: RoleGroup;
}

/** The console's sections; each domain adds its page here with the roles that may open it. */
export const navItems: NavItem[] = [
  { href: "/", label: "Overview", access: "viewer" },
  { href: "/dashboard", label: "Live dashboard", access: "viewer" },
  { href: "/sensors", label: "Sensors", access: "viewer" },
  { href: "/alerts", label: "Alerts", access: "viewer" },
  { href: "/notifications", label: "Notifications", access: "staff" },
  { href: "/jobs", label: "Jobs", access: "staff" },
  { href: "/runs", label: "Runs", access: "staff" },
  { href: "/dead-letters", label: "Dead letters", access: "staff" },
  { href: "/reports", label: "Reports", access: "viewer" },
  { href: "/coverage", label: "Coverage", access: "viewer" },
  { href: "/retention", label: "Retention", access: "staff" },
  { href: "/stations", label: "Stations", access: "viewer" },
  { href: "/qc", label: "Quality control", access: "viewer" },
  { href: "/imports", label: "Imports", access: "staff" },
  { href: "/admin/users", label: "Users", access: "admin" },
  { href: "/admin/sources", label: "Ingest sources", access: "admin" },
  { href: "/admin/audit", label: "Audit trail", access: "admin" },
];
