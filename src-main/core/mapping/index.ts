/**
 * Mapping: rules and expressions compiled to row mappers, suggestions, preview, files.
 * Why one surface: ipc and cli import from here, never the modules behind it.
 */
export { checkMapping, compileMapping, type CompiledMapping, type MappableRow, type MappedRow, type MappingProblem } from './compile-mapping';
export { previewMapping, type PreviewInput, type PreviewRow } from './preview-mapping';
export { loadMappingFile, parseMappingJson, saveMappingFile } from './mapping-store';
export { applyIdentityRules } from './identity-map';
export { mappingsForHeader, rememberHeader } from './mapping-headers';
