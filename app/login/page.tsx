"use client";

import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { FormError } from "@/components/ui/form-error";
import { errorMessage, useTRPC } from "../_lib/trpc";

export default function LoginPage() {
  const trpc = useTRPC();
  const login = useMutation(trpc.auth.login.mutationOptions({ onSuccess: () => window.location.assign("/") }));
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");

  const submit = (event: FormEvent) => {
    event.preventDefault();
    login.mutate({ email, password });
  };

  return (
    <main className="login panel">
      <div className="brand">Gristmill</div>
      <form onSubmit={submit}>
        <label className="field">
          Email
          <input type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} required />
        </label>
        <label className="field">
          Password
          <input type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </label>
        <FormError message={login.error && errorMessage(login.error)} />
        <button className="primary" type="submit" disabled={login.isPending}>
          {login.isPending ? "Signing in…" : "Sign in"}
        </button>
      </form>
    </main>
  );
}
