"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { FormError } from "@/components/ui/form-error";
import { errorMessage, useTRPC } from "@/app/_lib/trpc";

type ChannelType = "email" | "webhook" | "slack" | "teams";

export function ChannelForm({ onSaved }: { onSaved: () => unknown }) {
  const trpc = useTRPC();
  const [type, setType] = useState<ChannelType>("email");
  const [name, setName] = useState("");
  const [to, setTo] = useState("");
  const [url, setUrl] = useState("");
  const [secret, setSecret] = useState<string | null>(null);
  const create = useMutation(
    trpc.notifications.createChannel.mutationOptions({
      onSuccess: (c) => {
        setSecret(c.signingSecret);
        setName("");
        setTo("");
        setUrl("");
        return onSaved();
      },
    }),
  );
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    setSecret(null);
    if (type === "email")
      create.mutate({
        type,
        name,
        to: to
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean),
        rateLimitPerMinute: 30,
      });
    else create.mutate({ type, name, secretUrl: url, rateLimitPerMinute: 30 });
  };
  return (
    <form className="form-row" onSubmit={submit} aria-label="New channel">
      <label className="field">
        Type
        <select value={type} onChange={(e) => setType(e.target.value as ChannelType)}>
          <option value="email">email</option>
          <option value="webhook">webhook</option>
          <option value="slack">slack</option>
          <option value="teams">teams</option>
        </select>
      </label>
      <label className="field">
        Channel name
        <input value={name} onChange={(e) => setName(e.target.value)} required />
      </label>
      {type === "email" ? (
        <label className="field">
          Recipients
          <input value={to} onChange={(e) => setTo(e.target.value)} placeholder="a@example.org, b@example.org" required />
        </label>
      ) : (
        <label className="field">
          URL (kept encrypted)
          <input type="url" value={url} onChange={(e) => setUrl(e.target.value)} required autoComplete="off" />
        </label>
      )}
      <button className="primary" type="submit" disabled={create.isPending}>
        Add channel
      </button>
      <FormError message={create.error && errorMessage(create.error)} />
      {secret && (
        <p className="notice" role="status" data-testid="signing-secret">
          Signing secret (shown once; receivers verify with it): <code>{secret}</code>
        </p>
      )}
    </form>
  );
}
