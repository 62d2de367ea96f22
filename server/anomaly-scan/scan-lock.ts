const tails = new Map<string, Promise<unknown>>();

/**
 * Runs scans of one scope in this process one after another: they share the detector state this
 * worker keeps (scan-state-cache.ts), which a scan consumes in place. Scans in other processes are
 * kept apart by the watermark's compare-and-set instead.
 */
export async function oneScanAtATime<T>(scanKey: string, scan: () => Promise<T>): Promise<T> {
  const previous = tails.get(scanKey) ?? Promise.resolve();
  const current = previous.catch(() => undefined).then(scan);
  const tail = current.catch(() => undefined);
  tails.set(scanKey, tail);
  try {
    return await current;
  } finally {
    if (tails.get(scanKey) === tail) tails.delete(scanKey);
  }
}
