/** A QC configuration typed as JSON: the value, or what is wrong with the text (the server validates the rest). */
export function parseJson(text: string): { value?: unknown; error?: string } {
  try {
    return { value: JSON.parse(text) };
  } catch (err) {
    return { error: `Not valid JSON: ${(err as Error).message}` };
  }
}
