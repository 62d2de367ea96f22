/** The subset of JSON Schema (as zod's toJSONSchema writes it) that becomes form fields. */
export interface ParamSchema {
  type?: string | string[];
  properties?: Record<string, ParamSchema>;
  required?: string[];
  enum?: unknown[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  description?: string;
}

const isSimple = (p: ParamSchema) =>
  p.enum?.every((v) => typeof v === "string") || (typeof p.type === "string" && ["string", "integer", "number", "boolean"].includes(p.type));

/** Fields for flat objects of scalars; anything else (nested objects, arrays, unions) is edited as JSON. */
export function canRenderAsFields(schema: ParamSchema): boolean {
  return schema.type === "object" && Object.values(schema.properties ?? {}).every(isSimple);
}
