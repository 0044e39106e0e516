/**
 * A sample record for a schema (`GET /rpc/sampledata/{SCHEMA_ID}`): one value per field of the
 * resolved (`xed-full`) tree, of the field's XDM type and within its constraints, so the record is
 * one the sandbox's own validator accepts.
 *
 * Values are deterministic (the first `enum` value, the `minimum`, a date, the field's name as text)
 * rather than random: a sample that changes on every call is no help in a test or a diff.
 */
import { xdmTypeOf, type XdmSchemaNode } from '../../../../src-shared/xdm/xdm-schema-node';
import { isJsonObject, type JsonObject, type JsonValue } from '../json';

const SAMPLE_DATE = '2024-01-15';
const SAMPLE_DATE_TIME = '2024-01-15T10:30:00.000Z';

function sampleString(node: JsonObject, name: string): string {
  if (node.format === 'email') return 'sample@example.com';
  if (node.format === 'uri' || node.format === 'uri-reference') return 'https://example.com/sample';
  if (node.format === 'uuid') return '00000000-0000-4000-8000-000000000000';
  const min = typeof node.minLength === 'number' ? node.minLength : 0;
  const max = typeof node.maxLength === 'number' ? node.maxLength : Infinity;
  const text = `Sample ${name}`.padEnd(min, 'x');
  return text.length > max ? text.slice(0, max) : text;
}

function sampleNumber(node: JsonObject, integer: boolean): number {
  if (typeof node.minimum === 'number') return integer ? Math.ceil(node.minimum) : node.minimum;
  if (typeof node.maximum === 'number') return Math.min(integer ? Math.floor(node.maximum) : node.maximum, 1);
  return 1;
}

/** A value for one resolved field; `undefined` when none can be made (a pattern the sample cannot guess). */
function sampleValue(node: JsonObject, name: string, depth: number): JsonValue | undefined {
  if (depth > 32) return undefined;
  if (Array.isArray(node.enum) && node.enum.length > 0) return node.enum[0];
  const type = xdmTypeOf(node as XdmSchemaNode);
  switch (type) {
    case 'object': {
      const out: JsonObject = {};
      if (isJsonObject(node.properties)) {
        for (const [key, sub] of Object.entries(node.properties)) {
          if (!isJsonObject(sub)) continue;
          const v = sampleValue(sub, key, depth + 1);
          if (v !== undefined) out[key] = v;
        }
      }
      return out;
    }
    case 'map': {
      const inner = isJsonObject(node.additionalProperties) ? sampleValue(node.additionalProperties, name, depth + 1) : undefined;
      return inner === undefined ? {} : { sampleKey: inner };
    }
    case 'array': {
      const inner = isJsonObject(node.items) ? sampleValue(node.items, name, depth + 1) : undefined;
      return inner === undefined ? [] : [inner];
    }
    case 'date':
      return SAMPLE_DATE;
    case 'date-time':
      return SAMPLE_DATE_TIME;
    case 'boolean':
      return true;
    case 'number':
      return sampleNumber(node, false);
    case 'byte':
    case 'short':
    case 'int':
    case 'long':
      return sampleNumber(node, true);
    default:
      return typeof node.pattern === 'string' ? undefined : sampleString(node, name);
  }
}

/** A sample record for the resolved schema `full`. */
export function sampleRecord(full: JsonObject): JsonObject {
  const value = sampleValue({ ...full, type: 'object' }, 'record', 0);
  return isJsonObject(value) ? value : {};
}
