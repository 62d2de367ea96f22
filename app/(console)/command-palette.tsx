"use client";

import { useQuery } from "@tanstack/react-query";
import { Command } from "cmdk";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { errorMessage, useTRPC } from "@/app/_lib/trpc";
import type { SearchKind } from "@/server/search/search-console";

const groups: Array<{ kind: SearchKind; heading: string }> = [
  { kind: "sensor", heading: "Sensors" },
  { kind: "station", heading: "Stations" },
  { kind: "incident", heading: "Incidents" },
  { kind: "job", heading: "Jobs" },
  { kind: "run", heading: "Runs" },
  { kind: "dead-letter", heading: "Dead letters" },
];

/** Waits until typing pauses, so a word is one search, not one per letter. */
function useDebounced(value: string, ms: number): string {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return debounced;
}

/** Ctrl/Cmd-K anywhere in the console: find a sensor, station, incident, job, run or dead letter by id or text. */
export function CommandPalette() {
  const trpc = useTRPC();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState("");
  const q = useDebounced(text.trim(), 200);
  const search = useQuery({ ...trpc.search.query.queryOptions({ q }), enabled: open && q.length >= 2 && q.length <= 100 });

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key.toLowerCase() === "k" && (e.metaKey || e.ctrlKey)) {
        e.preventDefault();
        setOpen((o) => !o);
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);

  const go = (href: string) => {
    setOpen(false);
    setText("");
    router.push(href);
  };
  const hits = search.data ?? [];

  return (
    <>
      <button type="button" className="palette-open" onClick={() => setOpen(true)} aria-keyshortcuts="Control+K Meta+K">
        Search… <kbd>Ctrl K</kbd>
      </button>
      <Command.Dialog
        open={open}
        onOpenChange={setOpen}
        label="Search the console"
        shouldFilter={false}
        className="palette"
        overlayClassName="palette-overlay"
        contentClassName="palette-content"
      >
        <Command.Input
          value={text}
          onValueChange={setText}
          placeholder="Sensor, station, incident, job, run id or parameter text…"
          aria-label="Search the console"
          maxLength={100}
        />
        {/* Hints sit outside the listbox: a listbox must hold options only. */}
        <div aria-live="polite" className="palette-hint muted">
          {q.length < 2
            ? "Type at least 2 characters."
            : search.isError
              ? errorMessage(search.error)
              : search.isSuccess && hits.length === 0
                ? `Nothing matches “${q}”.`
                : search.isFetching && hits.length === 0
                  ? "Searching…"
                  : ""}
        </div>
        <Command.List data-testid="palette-results" hidden={hits.length === 0}>
          {groups.map(({ kind, heading }) => {
            const inGroup = hits.filter((h) => h.kind === kind);
            if (inGroup.length === 0) return null;
            return (
              <Command.Group key={kind} heading={heading}>
                {inGroup.map((h) => (
                  <Command.Item key={`${h.kind}:${h.id}`} value={`${h.kind}:${h.id}`} onSelect={() => go(h.href)} data-testid={`palette-${h.kind}`}>
                    <span className="mono">{h.title}</span> <span className="muted">{h.detail}</span>
                  </Command.Item>
                ))}
              </Command.Group>
            );
          })}
        </Command.List>
      </Command.Dialog>
    </>
  );
}
