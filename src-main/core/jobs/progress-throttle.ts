/**
 * Limits progress reports to about ten a second, always delivering the last one.
 * Why: a job can process a million rows a second; the renderer applies progress once per
 * frame and IPC is not free, so main sends at most one report per interval (design §4).
 */
export interface ProgressThrottle<T> {
  /** Offers a report; it is sent now if the interval has passed, else kept as pending. */
  offer(report: T): void;
  /** Sends the pending report, if any (call at the end). */
  flush(): void;
}

export function throttleProgress<T>(send: (report: T) => void, intervalMs = 100, now: () => number = Date.now): ProgressThrottle<T> {
  let last = Number.NEGATIVE_INFINITY;
  let pending: { report: T } | undefined;
  return {
    offer(report) {
      const t = now();
      if (t - last >= intervalMs) {
        last = t;
        pending = undefined;
        send(report);
      } else {
        pending = { report };
      }
    },
    flush() {
      if (pending) {
        const { report } = pending;
        pending = undefined;
        last = now();
        send(report);
      }
    },
  };
}
