/** A time range chosen on a chart, epoch ms, from ≤ to. */
export interface BrushRange {
  from: number;
  to: number;
}

/** Where the keyboard brush stands: a cursor, and the end that stays put while Shift extends the range. */
export interface KeyboardBrush {
  cursor: number;
  anchor: number | null;
}

/** The range between two picked times, whichever came first; a click without a drag picks nothing. */
export function rangeBetween(a: number, b: number): BrushRange | null {
  return a === b ? null : { from: Math.min(a, b), to: Math.max(a, b) };
}

/**
 * The keyboard's brush on a chart of [from, to]: arrows move the cursor a fiftieth of the span (Page keys
 * a tenth), Home/End jump to the ends, Shift held extends the range from where it was first pressed, and
 * Escape lets go. Pure, so it is tested without a browser.
 */
export function keyboardBrushStep(
  state: KeyboardBrush,
  key: string,
  shift: boolean,
  span: BrushRange,
): { state: KeyboardBrush; range: BrushRange | null | undefined } | null {
  const step = (span.to - span.from) / 50;
  const moves: Record<string, number> = { ArrowLeft: -step, ArrowRight: step, PageUp: -5 * step, PageDown: 5 * step };
  if (key === "Escape") return { state: { cursor: state.cursor, anchor: null }, range: null };
  const target = key === "Home" ? span.from : key === "End" ? span.to : key in moves ? state.cursor + moves[key] : null;
  if (target === null) return null;
  const cursor = Math.round(Math.min(span.to, Math.max(span.from, target)));
  if (!shift) return { state: { cursor, anchor: null }, range: undefined };
  const anchor = state.anchor ?? state.cursor;
  return { state: { cursor, anchor }, range: rangeBetween(anchor, cursor) };
}
