/**
 * One node of a resolved XDM schema (Compatibility Mode JSON Schema).
 * Why a loose shape: registry responses carry many `meta:*` keywords that we pass through
 * untouched; only the keywords we read are typed.
 */
export interface XdmSchemaNode {
  $id?: string;
  title?: string;
  description?: string;
  type?: string | string[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  enum?: unknown[];
  default?: unknown;
  properties?: Record<string, XdmSchemaNode>;
  additionalProperties?: XdmSchemaNode | boolean;
  items?: XdmSchemaNode;
  required?: string[];
  'meta:xdmType'?: string;
  'meta:xdmField'?: string;
  'meta:enum'?: Record<string, string>;
  'meta:status'?: string;
  'meta:referencedFrom'?: string;
  [keyword: string]: unknown;
}

/** The XDM scalar and structural types a field can have (`meta:xdmType` values plus object/array). */
export const xdmTypes = ['string', 'number', 'long', 'int', 'short', 'byte', 'boolean', 'date', 'date-time', 'object', 'array', 'map'] as const;
export type XdmType = (typeof xdmTypes)[number];

/** The integer XDM types, narrowest first. */
export const integerXdmTypes = ['byte', 'short', 'int', 'long'] as const;
export type IntegerXdmType = (typeof integerXdmTypes)[number];

/**
 * Storage range of each integer type.
 * Why not the schema's bounds: Adobe's documented bounds are one above the two's-complement
 * maximum (±128, ±32768, ±2147483648) and long is capped at the JSON safe integer; values are
 * checked against what can actually be stored (xdm-notes §3).
 */
export const integerRanges: Record<IntegerXdmType, { min: number; max: number }> = {
  byte: { min: -128, max: 127 },
  short: { min: -32768, max: 32767 },
  int: { min: -2147483648, max: 2147483647 },
  long: { min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER },
};

const knownXdmTypes = new Set<string>(xdmTypes);

function firstType(node: XdmSchemaNode): string | undefined {
  const t = node.type;
  if (Array.isArray(t)) return t.find((x) => x !== 'null');
  return t;
}

/**
 * Infers the XDM type of a schema node.
 * Why inference: `meta:xdmType` is present on registry output but not on hand-written or
 * standard-notation schemas; the registry derives it from the shape, and so do we, accepting
 * both Adobe's and the true bounds when picking an integer width.
 */
export function xdmTypeOf(node: XdmSchemaNode): XdmType {
  const declared = node['meta:xdmType'];
  if (declared !== undefined && knownXdmTypes.has(declared)) return declared as XdmType;
  if (declared === 'integer') return 'int';
  if (declared === 'double') return 'number';
  const type = firstType(node) ?? (node.properties ? 'object' : node.items ? 'array' : undefined);
  switch (type) {
    case 'string':
      if (node.format === 'date') return 'date';
      if (node.format === 'date-time') return 'date-time';
      return 'string';
    case 'number':
      return 'number';
    case 'integer':
      return integerWidth(node.minimum, node.maximum);
    case 'boolean':
      return 'boolean';
    case 'array':
      return 'array';
    case 'object':
      if (!node.properties && typeof node.additionalProperties === 'object') return 'map';
      return 'object';
    default:
      return 'string';
  }
}

function integerWidth(min: number | undefined, max: number | undefined): IntegerXdmType {
  if (min === undefined || max === undefined) return 'int';
  if (min >= -128 && max <= 128) return 'byte';
  if (min >= -32768 && max <= 32768) return 'short';
  if (min >= -2147483648 && max <= 2147483648) return 'int';
  return 'long';
}

/** True for the integer XDM types. */
export function isIntegerXdmType(t: XdmType): t is IntegerXdmType {
  return t === 'byte' || t === 'short' || t === 'int' || t === 'long';
}
