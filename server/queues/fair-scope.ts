export const MAX_SCOPE_LENGTH = 200;
/** A weight outside 1..this is refused where it is configured (the definition's zod schema). */
export const MAX_SCOPE_WEIGHT = 100;

/**
 * What a run shares its lane with: its site or region when its parameters name one (so a flood over one
 * region does not starve another), else its definition, else its kind.
 */
export function scopeOfRun(run: { kind: string; params: Record<string, unknown>; definitionId?: string | null }): string {
  const { site, region } = run.params;
  const scope =
    typeof site === "string" && site
      ? `site:${site}`
      : typeof region === "string" && region
        ? `region:${region}`
        : run.definitionId
          ? `definition:${run.definitionId}`
          : `kind:${run.kind}`;
  return scope.slice(0, MAX_SCOPE_LENGTH);
}
