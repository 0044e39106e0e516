import { getHeapSpaceStatistics, getHeapStatistics } from 'node:v8';
import { isMainThread, threadId } from 'node:worker_threads';

/**
 * Per-thread memory figures, written to stderr when XDM_LOADER_HEAP_LOG is set (a sampling
 * period in ms, e.g. `XDM_LOADER_HEAP_LOG=100`).
 * Why: the process's peak RSS is one number for every thread; finding which thread holds what
 * (the CLI's main thread, the prepare coordinator, each segment worker) needs each V8 heap's own
 * figures. Each thread prints, when it ends, the largest size every heap space reached while it
 * ran, and the largest total heap and external (Buffer) memory. Off unless asked for: sampling
 * costs a little CPU.
 */
export function startHeapLog(label: string): () => void {
  const period = Number(process.env.XDM_LOADER_HEAP_LOG);
  if (!Number.isFinite(period) || period <= 0) return () => undefined;
  const peaks = new Map<string, number>();
  const keep = (name: string, value: number): void => {
    if (value > (peaks.get(name) ?? 0)) peaks.set(name, value);
  };
  const sample = (): void => {
    for (const space of getHeapSpaceStatistics()) keep(space.space_name, space.physical_space_size);
    const heap = getHeapStatistics();
    keep('heap (physical)', heap.total_physical_size);
    keep('external', heap.external_memory);
    const usage = process.memoryUsage();
    keep('arrayBuffers', usage.arrayBuffers);
    keep('process rss', usage.rss);
  };
  sample();
  const timer = setInterval(sample, period);
  timer.unref();
  return () => {
    clearInterval(timer);
    sample();
    const mib = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1);
    const figures = [...peaks].map(([name, bytes]) => `${name} ${mib(bytes)}`).join(', ');
    process.stderr.write(`heap-log ${label} (thread ${isMainThread ? 'main' : threadId}) peak MiB: ${figures}\n`);
  };
}
