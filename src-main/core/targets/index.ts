/** A Profile-ready target (schema, identity, dataset) proposed from a file and created in AEP's order (issue 15). */
export { type ColumnProfile, type FieldKind, fieldKinds, type ProfileProgress, profileColumns } from './column-profile';
export { createTarget, creationSteps, describeIncomplete, type CreationReport, type CreationStep, type CreationStepName } from './create-target';
export {
  guessClass,
  guessIdentity,
  proposeTarget,
  type ProposeOptions,
  type ProposedField,
  type StandardCatalog,
  type TargetClass,
  type TargetProposal,
} from './propose-target';
export { offlineStandardCatalog } from './standard-catalog';
export { fieldGroupRequest, identityPointer, proposalMapping, schemaRequest } from './target-documents';
