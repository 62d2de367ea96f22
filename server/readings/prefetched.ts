/**
 * Loads items one after another and yields each result, keeping the next `ahead` loads already
 * running while the caller works on the current one (InfluxDB and PostgreSQL work in their own
 * processes, so their time overlaps the caller's). A failure surfaces when its result is reached.
 */
export async function* prefetched<T, R>(items: readonly T[], load: (item: T) => Promise<R>, ahead = 1): AsyncGenerator<R> {
  const running: Promise<R>[] = [];
  const start = (i: number) => {
    const promise = load(items[i]);
    // Handled here, so a load that fails while the caller stops early is not an unhandled rejection.
    promise.catch(() => undefined);
    running.push(promise);
  };
  let next = 0;
  while (next < items.length && running.length <= ahead) start(next++);
  while (running.length > 0) {
    const result = await running.shift()!;
    if (next < items.length) start(next++);
    yield result;
  }
}
