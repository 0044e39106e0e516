/**
 * The logging seam of the AEP client.
 * Why injected: the app writes to its log file, the CLI to stderr with --verbose, tests capture
 * lines to prove that tokens, secrets and record data never reach a log. Fields are flat scalars
 * on purpose: there is no way to hand the logger a request body or a header map.
 */
export type LogValue = string | number | boolean | undefined;
export type LogFields = Readonly<Record<string, LogValue>>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** One line per entry, `message key=value ...`, for a stream such as stderr. */
export function lineLogger(write: (line: string) => void, minimum: 'debug' | 'info' | 'warn' | 'error' = 'info'): Logger {
  const order = ['debug', 'info', 'warn', 'error'] as const;
  const threshold = order.indexOf(minimum);
  const emit = (level: (typeof order)[number]) => (message: string, fields?: LogFields) => {
    if (order.indexOf(level) < threshold) return;
    const rest = Object.entries(fields ?? {})
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => `${key}=${String(value)}`)
      .join(' ');
    write(`${new Date().toISOString()} ${level} ${message}${rest ? ` ${rest}` : ''}`);
  };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}
