const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]{0,63})\}/g;
export const MAX_CONCURRENCY_KEY_CHARS = 200;

/** The field names a key template refers to: "{region}/{sensorKey}" → region, sensorKey. */
export function templateFields(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1]);
}

/** True when every brace in the template is part of a {field} placeholder. */
export function isWellFormedTemplate(template: string): boolean {
  return !/[{}]/.test(template.replace(PLACEHOLDER, ""));
}

/**
 * The key an event counts under for debounce and concurrency: the template with each {field}
 * replaced by the event's value (a missing or null field by nothing); "" is the trigger's one key.
 */
export function renderConcurrencyKey(template: string, fields: Record<string, unknown>): string {
  const rendered = template.replace(PLACEHOLDER, (_m, name: string) => {
    const value = fields[name];
    if (value === undefined || value === null) return "";
    return typeof value === "object" ? JSON.stringify(value) : String(value);
  });
  return rendered.slice(0, MAX_CONCURRENCY_KEY_CHARS);
}
