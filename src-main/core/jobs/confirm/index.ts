/**
 * Confirmation in Profile: sample identities from what was loaded, look them up, explain misses.
 * Why one surface: the upload job runs it after a batch succeeds; IPC and the CLI call it too.
 */
export { confirmInProfile, type ConfirmInput } from './confirm-in-profile';
export { confirmPrepared, schemaDescriptorsOfDataset, type ConfirmPreparedInput } from './confirm-prepared';
export { configurationReason, PROFILE_LATENCY_MS, residualReason, targetFacts, type TargetFacts } from './diagnose-missing';
export { sampleIdentities, type SampledIdentity, type SampleOptions } from './sample-identities';
export { missingReasons, type ConfirmReport, type ConfirmStatus, type IdentityResult, type MissingReason } from './confirm-types';
