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

  /** True when the current slice is used up (then `yield()`): checking costs no promise per record. */
  due(): boolean {
    return performance.now() - this.last >= this.sliceMs;
  }

  /** Yields to the event loop and starts a new slice. */
  async yield(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.last = performance.now();
  }

  /** Yields to the event loop when the current slice is used up. */
  async maybeYield(): Promise<void> {
    if (this.due()) await this.yield();
  }
}
