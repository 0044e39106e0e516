/**
 * The window every e2e page starts with, for the config's `use` and for the worker's shared page
 * (`browser-mode.ts`), which resets to it before each test. Why one place: the two must agree.
 */
export const pageDefaults = {
  viewport: { width: 1440, height: 900 },
  colorScheme: 'light',
} as const;
