import type { Role } from "../db/generated/enums";

export type { Role };
export const ALL_ROLES: readonly Role[] = ["ADMIN", "OPERATOR", "ENGINEER", "STAKEHOLDER"];

/** Who may do what, by name; procedures and socket topics pick one of these. */
export const roleGroups = {
  admin: ["ADMIN"],
  operator: ["ADMIN", "OPERATOR"],
  engineer: ["ADMIN", "ENGINEER"],
  staff: ["ADMIN", "OPERATOR", "ENGINEER"],
  viewer: ["ADMIN", "OPERATOR", "ENGINEER", "STAKEHOLDER"],
} as const satisfies Record<string, readonly Role[]>;

export type RoleGroup = keyof typeof roleGroups;

export function roleAllows(group: RoleGroup, role: Role): boolean {
  return (roleGroups[group] as readonly Role[]).includes(role);
}
