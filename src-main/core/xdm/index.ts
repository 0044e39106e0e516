/**
 * XDM: schema loading and offline resolution, field trees, compiled record validators.
 * Why one surface: ipc, cli and jobs import from here, never the modules behind it.
 */
export { loadSchemaFile, loadSchemaJson, type LoadedSchema } from './load-schema';
export { compileRecordValidator, type RecordValidator, type RecordVerdict, type ValidatorOptions } from './record-validator';
export {
  EXPERIENCE_EVENT_CLASS,
  PROFILE_CLASS,
  findXdmAssetsDir,
  loadXdmLibrary,
  standardExperienceEventFieldGroups,
  standardProfileFieldGroups,
} from './standard-library';
