"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { SignOutButton } from "@/components/shell/sign-out-button";
import { useTRPC } from "../_lib/trpc";

export function UserMenu({ name, role }: { name: string; role: string }) {
  const trpc = useTRPC();
  const logout = useMutation(trpc.auth.logout.mutationOptions());
  return (
    <div className="who">
      <div data-testid="current-user">{name}</div>
      <div className="muted">{role}</div>
      <Link href="/account">Change password</Link>
      <SignOutButton onSignOut={() => logout.mutateAsync()} />
    </div>
  );
}
