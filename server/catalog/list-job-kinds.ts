import { z } from "zod";
import { registeredJobKinds } from "../runs/job-kind-registry";
// Listing is only complete once the product's kinds are registered.
import "./job-kinds";

/** The kinds registered (the product's catalog, and in tests the test kinds), with the JSON schema that drives the console's parameter form. */
export function listJobKinds() {
  return registeredJobKinds().map(([name, kind]) => ({
    name,
    title: kind.title,
    description: kind.description,
    paramsSchema: z.toJSONSchema(kind.params, { io: "input", unrepresentable: "any" }),
  }));
}
