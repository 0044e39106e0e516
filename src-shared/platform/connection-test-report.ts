import { z } from 'zod';
import { AppErrorShape } from '../domain/errors';

/**
 * The result of "Test connection", one entry per step.
 * Why per step: "it failed" helps nobody; "token: ok, sandbox: 403 missing product profile" says
 * what to fix, and later steps are marked skipped rather than failed when an earlier one broke.
 */
export const connectionTestSteps = ['token', 'sandbox', 'schemas'] as const;
export const ConnectionTestStepId = z.enum(connectionTestSteps);
export type ConnectionTestStepId = z.infer<typeof ConnectionTestStepId>;

export const ConnectionTestStep = z.object({
  step: ConnectionTestStepId,
  label: z.string(),
  status: z.enum(['passed', 'failed', 'skipped']),
  durationMs: z.number().nonnegative(),
  /** What was found ("tenant _acme, 12 tenant schemas") or what went wrong and what to do. */
  detail: z.string(),
  error: AppErrorShape.optional(),
});
export type ConnectionTestStep = z.infer<typeof ConnectionTestStep>;

export const ConnectionTestReport = z.object({
  connectionId: z.string(),
  connectionName: z.string(),
  ok: z.boolean(),
  steps: z.array(ConnectionTestStep),
});
export type ConnectionTestReport = z.infer<typeof ConnectionTestReport>;
