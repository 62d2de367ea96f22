import { z } from "zod";
import { eventFieldNames } from "../domain-events/domain-event-kinds";
import { TRIGGER_EVENTS, triggerFilterSchemas } from "./trigger-events";

const titles: Record<(typeof TRIGGER_EVENTS)[number], string> = {
  "import.finished": "Import finished",
  "incident.opened": "Alert incident opened",
  "run.failed": "Run failed (dead or lost)",
  "run.dead_lettered": "Run dead-lettered",
  http: "HTTP call (token)",
};

/** Every event a trigger can listen for, with its fields and its filter's JSON Schema: what the console's form is built from. */
export function describeTriggerEvents() {
  return TRIGGER_EVENTS.map((event) => ({
    event,
    title: titles[event],
    fields: event === "http" ? [] : eventFieldNames(event),
    filterSchema: z.toJSONSchema(triggerFilterSchemas[event], { io: "input" }),
  }));
}
