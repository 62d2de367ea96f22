import { z } from "zod";
import { describe, expect, it } from "vitest";
import { listJobKinds } from "@/server/catalog/list-job-kinds";
import { canRenderAsFields, type ParamSchema } from "./param-schema";

const jsonSchema = (schema: z.ZodType) => z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as ParamSchema;

describe("parameter forms from a kind's schema", () => {
  it("renders flat objects of scalars and string enums as fields", () => {
    expect(
      canRenderAsFields(
        jsonSchema(z.object({ ms: z.number().int(), label: z.string().optional(), dryRun: z.boolean().default(false), mode: z.enum(["fast", "full"]) })),
      ),
    ).toBe(true);
    expect(canRenderAsFields(jsonSchema(z.object({}).strict()))).toBe(true);
  });
  it("falls back to JSON for nested objects, arrays and unions", () => {
    expect(canRenderAsFields(jsonSchema(z.object({ sensors: z.array(z.string()) })))).toBe(false);
    expect(canRenderAsFields(jsonSchema(z.object({ window: z.object({ from: z.string() }) })))).toBe(false);
    expect(canRenderAsFields(jsonSchema(z.object({ at: z.union([z.string(), z.number()]) })))).toBe(false);
  });
  it("every registered kind exposes an object schema the console can render", () => {
    for (const kind of listJobKinds()) expect((kind.paramsSchema as ParamSchema).type, kind.name).toBe("object");
  });
});
