"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { FormError } from "@/components/ui/form-error";
import { StatusBadge } from "@/components/ui/status-badge";
import { errorMessage, useTRPC } from "@/app/_lib/trpc";
import { Time } from "@/components/ui/time";

const ROLES = ["ADMIN", "OPERATOR", "ENGINEER", "STAKEHOLDER"] as const;
type Role = (typeof ROLES)[number];

export function UsersAdmin({ currentUserId }: { currentUserId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const users = useQuery(trpc.users.list.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.users.list.queryKey() });
  const create = useMutation(trpc.users.create.mutationOptions({ onSuccess: refresh }));
  const update = useMutation(trpc.users.update.mutationOptions({ onSuccess: refresh }));
  const reset = useMutation(trpc.users.resetPassword.mutationOptions());
  const [resetting, setResetting] = useState<{ id: string; email: string; password: string } | null>(null);
  const submitReset = (event: FormEvent) => {
    event.preventDefault();
    if (resetting) reset.mutate({ id: resetting.id, password: resetting.password }, { onSuccess: () => setResetting(null) });
  };
  const [form, setForm] = useState({ email: "", name: "", role: "STAKEHOLDER" as Role, password: "" });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(form, { onSuccess: () => setForm({ email: "", name: "", role: "STAKEHOLDER", password: "" }) });
  };

  return (
    <>
      <h1>Users</h1>
      <section className="panel">
        <h2>Add a user</h2>
        <form onSubmit={submit} className="form-row" aria-label="Add user">
          <label className="field">
            Email
            <input type="email" value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} required />
          </label>
          <label className="field">
            Name
            <input value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} required />
          </label>
          <label className="field">
            Role
            <select value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as Role })}>
              {ROLES.map((r) => (
                <option key={r}>{r}</option>
              ))}
            </select>
          </label>
          <label className="field">
            Initial password
            <input type="password" value={form.password} onChange={(e) => setForm({ ...form, password: e.target.value })} required minLength={10} />
          </label>
          <button className="primary" type="submit" disabled={create.isPending} style={{ marginBottom: 12 }}>
            Add user
          </button>
        </form>
        <FormError message={create.error && errorMessage(create.error)} />
      </section>
      {resetting && (
        <section className="panel">
          <h2>Reset the password of {resetting.email}</h2>
          <form onSubmit={submitReset} className="form-row" aria-label="Reset password">
            <label className="field">
              New password
              <input
                type="password"
                autoComplete="new-password"
                value={resetting.password}
                onChange={(e) => setResetting({ ...resetting, password: e.target.value })}
                required
                minLength={10}
              />
            </label>
            <button className="primary" type="submit" disabled={reset.isPending} style={{ marginBottom: 12 }}>
              Set password
            </button>
            <button type="button" onClick={() => setResetting(null)} style={{ marginBottom: 12 }}>
              Cancel
            </button>
          </form>
          <p className="muted">Every session of this user ends; tell them the new password.</p>
          <FormError message={reset.error && errorMessage(reset.error)} />
        </section>
      )}
      {reset.data && !resetting && (
        <p role="status" data-testid="password-reset">
          Password reset; {reset.data.endedSessions} session(s) ended.
        </p>
      )}
      <section className="panel">
        <FormError message={update.error && errorMessage(update.error)} />
        <table className="data">
          <thead>
            <tr>
              <th>Email</th>
              <th>Name</th>
              <th>Role</th>
              <th>Status</th>
              <th>Last login</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {users.data?.map((u) => (
              <tr key={u.id} data-testid={`user-row-${u.email}`}>
                <td>{u.email}</td>
                <td>{u.name}</td>
                <td>
                  <select
                    aria-label={`Role of ${u.email}`}
                    value={u.role}
                    disabled={u.id === currentUserId}
                    onChange={(e) => update.mutate({ id: u.id, role: e.target.value as Role })}
                  >
                    {ROLES.map((r) => (
                      <option key={r}>{r}</option>
                    ))}
                  </select>
                </td>
                <td>
                  <StatusBadge tone={u.disabled ? "bad" : "ok"}>{u.disabled ? "disabled" : "active"}</StatusBadge>
                </td>
                <td className="muted">
                  <Time value={u.lastLoginAt} relative empty="never" />
                </td>
                <td>
                  <button
                    type="button"
                    onClick={() => {
                      reset.reset();
                      setResetting({ id: u.id, email: u.email, password: "" });
                    }}
                  >
                    Reset password
                  </button>{" "}
                  {u.id !== currentUserId && (
                    <button type="button" className={u.disabled ? "" : "danger"} onClick={() => update.mutate({ id: u.id, disabled: !u.disabled })}>
                      {u.disabled ? "Enable" : "Disable"}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
