/**
 * Mapping, the pure part: rule and file types (zod), destination paths, the expression
 * tokenizer/parser and function catalog, suggestions, and Data Prep import/export.
 */
export * from './mapping-types';
export * from './destination-path';
export * from './expression-ast';
export * from './tokenizer';
export * from './parse-expression';
export * from './function-catalog';
export * from './suggest-mapping';
export * from './data-prep-interchange';
export * from './column-values';
export * from './default-target';
