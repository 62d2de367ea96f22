import { z } from "zod";
import { ALL_ROLES } from "../auth/roles";
import { passwordSchema } from "../auth/schemas";

export const roleSchema = z.enum(ALL_ROLES as ["ADMIN", "OPERATOR", "ENGINEER", "STAKEHOLDER"]);

export const createUserInput = z.object({
  email: z.string().trim().toLowerCase().email("Enter a valid email address").max(200),
  name: z.string().trim().min(1, "Name is required").max(120),
  role: roleSchema,
  password: passwordSchema,
});

export const resetPasswordInput = z.object({
  id: z.string().min(1).max(64),
  password: passwordSchema,
});

export const updateUserInput = z.object({
  id: z.string().min(1).max(64),
  role: roleSchema.optional(),
  disabled: z.boolean().optional(),
  name: z.string().trim().min(1).max(120).optional(),
});

/** What leaves the users service: never the password hash. */
export const publicUserSelect = {
  id: true,
  email: true,
  name: true,
  role: true,
  disabled: true,
  createdAt: true,
  lastLoginAt: true,
} as const;
