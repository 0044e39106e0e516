import { AppError } from '../../../../src-shared/domain/errors';

/**
 * A bounded pool for transfers (part PUTs and chunk PATCHes together), with pause.
 * Why one pool for both: the limit is about sockets and disk reads in flight, whatever their
 * kind; parts and chunks draw from the same slots, first come first served, so a large part's
 * chunks and the next small parts share the pipe. Pause stops new transfers from starting;
 * the ones in flight finish (cutting them would only make them be sent again).
 */
export interface TransferPool {
  run<T>(task: () => Promise<T>): Promise<T>;
  pause(): void;
  resume(): void;
  readonly paused: boolean;
}

export function createTransferPool(concurrency: number, signal?: AbortSignal): TransferPool {
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new AppError('INVALID_INPUT', 'Concurrency must be a whole number of at least 1.');
  let active = 0;
  let paused = false;
  const waiting: Array<{ start: () => void; fail: (error: unknown) => void }> = [];

  const cancelled = () => new AppError('CANCELLED', 'The upload was cancelled.');
  signal?.addEventListener(
    'abort',
    () => {
      for (const w of waiting.splice(0)) w.fail(cancelled());
    },
    { once: true },
  );

  function pump(): void {
    while (!paused && active < concurrency && waiting.length > 0) {
      const next = waiting.shift();
      active += 1;
      next?.start();
    }
  }

  return {
    get paused() {
      return paused;
    },
    pause() {
      paused = true;
    },
    resume() {
      paused = false;
      pump();
    },
    run<T>(task: () => Promise<T>): Promise<T> {
      if (signal?.aborted) return Promise.reject(cancelled());
      return new Promise<T>((resolve, reject) => {
        waiting.push({
          start: () => {
            task()
              .then(resolve, reject)
              .finally(() => {
                active -= 1;
                pump();
              });
          },
          fail: reject,
        });
        pump();
      });
    },
  };
}
