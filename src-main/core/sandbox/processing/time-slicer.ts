/**
 * Cooperative yielding for long synchronous stretches in the processing worker.
 *
 * Processing runs in its own thread, so yielding is no longer about request latency: it gives the
 * worker's event loop a turn every few tens of milliseconds so that cancel (action=FAIL) and close
 * messages from the server are seen while a batch is being read and validated.
 */
export class TimeSlicer {
  private last = performance.now();

  constructor(private readonly sliceMs = 50) {}

  /** Yields to the event loop when the current slice is used up. */
  async maybeYield(): Promise<void> {
    if (performance.now() - this.last < this.sliceMs) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.last = performance.now();
  }
}
