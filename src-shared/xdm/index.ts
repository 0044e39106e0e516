/**
 * XDM, the pure part: schema node types, AEP's conversions, issue kinds, field trees,
 * Compatibility Mode and offline resolution. Shared by main, the renderer and the Local sandbox.
 */
export * from './xdm-schema-node';
export * from './issue-kinds';
export * from './conversions';
export * from './compile-converter';
export * from './date-text';
export * from './field-tree';
export * from './identity-descriptors';
export * from './compatibility-mode';
export * from './resolve-schema';
