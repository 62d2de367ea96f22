import { z } from "zod";

/** The one rule for a new password (user creation, reset, change). */
export const passwordSchema = z.string().min(10, "Password must be at least 10 characters").max(200);

export const changePasswordInput = z.object({
  currentPassword: z.string().min(1, "Enter your current password").max(200),
  newPassword: passwordSchema,
});
