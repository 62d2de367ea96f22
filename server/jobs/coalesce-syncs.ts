/**
 * One sync at a time, and at most one waiting behind it: a burst of change announcements (a jobs file applying
 * a thousand definitions announces each) costs two full syncs, not a thousand. The waiting one starts after the
 * last announcement it absorbed, so it sees every change.
 */
export function coalesceSyncs<T>(sync: () => Promise<T>): () => Promise<T> {
  let running: Promise<unknown> = Promise.resolve();
  let waiting: Promise<T> | null = null;
  return () => {
    if (waiting) return waiting;
    const next = running
      .catch(() => undefined)
      .then(() => {
        waiting = null;
        return sync();
      });
    running = next;
    waiting = next;
    return next;
  };
}
