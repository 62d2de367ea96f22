"use client";

import { useState } from "react";
import { Time } from "@/components/ui/time";
import type { RunLogLine } from "@/server/runs/job-kind";

const fieldsOf = ({ at: _at, level: _level, message: _message, ...rest }: RunLogLine) => (Object.keys(rest).length ? JSON.stringify(rest) : "");

/** A run's log lines with a filter box; matching is case-insensitive over the message and its fields. */
export function LogViewer({ lines, tailing }: { lines: RunLogLine[]; tailing: boolean }) {
  const [query, setQuery] = useState("");
  const needle = query.trim().toLowerCase();
  const shown = needle ? lines.filter((l) => `${l.level} ${l.message} ${fieldsOf(l)}`.toLowerCase().includes(needle)) : lines;
  return (
    <div>
      <div className="form-row" style={{ marginBottom: 8 }}>
        <input type="search" aria-label="Search the log" placeholder="Search the log" value={query} onChange={(e) => setQuery(e.target.value)} />
        <span className="muted" data-testid="log-count">
          {shown.length} of {lines.length} lines{tailing ? " · tailing live" : ""}
        </span>
      </div>
      <ol className="log" data-testid="run-log">
        {shown.map((line, i) => (
          <li key={i} className={`log-${line.level}`}>
            <Time className="muted" value={line.at} format="time" /> <strong>{line.level}</strong> {line.message}{" "}
            <span className="muted">{fieldsOf(line)}</span>
          </li>
        ))}
      </ol>
      {lines.length === 0 && <p className="muted">No log lines{tailing ? " yet" : ""}.</p>}
    </div>
  );
}
