/**
 * The Local sandbox's public surface: `startSandbox` and its types.
 *
 * Composition roots (app, web, cli) and tests import only this module; everything else in the
 * folder is an implementation detail.
 */
export { startSandbox, DEFAULT_SANDBOX_NAME } from './start-sandbox';
export type { StartSandboxOptions, RunningSandbox, SandboxCredentialsView } from './start-sandbox';
export type { FaultController, FaultRule, FaultRuleInput, FaultSettings, FaultState, FaultAction } from './http/faults';
