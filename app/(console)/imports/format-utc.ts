/** A time as "YYYY-MM-DD hh:mm:ss UTC": logger files come from many zones, so the console states one. */
export function formatUtc(at: Date | string | null): string {
  return at ? `${new Date(at).toISOString().slice(0, 19).replace("T", " ")} UTC` : "—";
}
