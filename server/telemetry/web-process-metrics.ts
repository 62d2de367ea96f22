import { collectDefaultMetrics, Registry } from "prom-client";

// On globalThis: the custom server starts it at boot, and the metrics route (a separate Next bundle) reads the same one.
const REGISTRY = Symbol.for("gristmill.webProcessMetrics");
type Holder = { [REGISTRY]?: Registry };

/**
 * This web process's own series (prom-client's defaults, prefixed `gristmill_web_`): event-loop
 * delay from perf_hooks.monitorEventLoopDelay as `gristmill_web_nodejs_eventloop_lag_{min,max,mean,p50,p90,p99}_seconds`
 * (each over the time since the previous scrape), CPU, heap and GC.
 */
export function webProcessMetrics(): Registry {
  const holder = globalThis as Holder;
  if (!holder[REGISTRY]) {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry, prefix: "gristmill_web_", eventLoopMonitoringPrecision: 10 });
    holder[REGISTRY] = registry;
  }
  return holder[REGISTRY];
}
