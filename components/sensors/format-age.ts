/** "42 s", "5 min", "3 h", "2 d": how long ago, at a glance. */
export function formatAge(ms: number | null): string {
  if (ms === null) return "never";
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  if (s < 172_800) return `${Math.round(s / 3600)} h`;
  return `${Math.round(s / 86_400)} d`;
}
