/**
 * Schema Registry `Accept` rules (aep-notes §5): lists without a version, lookups with one.
 *
 * A list sent `;version=1` is rejected with `XDM-1006-400`; a lookup without a version with
 * `XDM-1007-400`; a version the resource does not have gives 406. Descriptors use `xdm` instead of
 * `xed`.
 */
import { ApiError } from '../http/errors';

export interface ListAccept {
  /** `id`: summaries only; `full`: whole objects. */
  form: 'id' | 'full' | 'link';
}

export interface LookupAccept {
  full: boolean;
  notext: boolean;
  version: string;
}

const LIST_RE = /^application\/vnd\.adobe\.(xed|xdm)(-id|-link|-v2)?\+json$/;
const LOOKUP_RE = /^application\/vnd\.adobe\.(xed|xdm)(-full|-notext|-full-notext|-full-desc|-deprecatefield|-id)?\+json$/;

function parse(accept: string | undefined): { type: string; version?: string } {
  const [type = '', ...params] = (accept ?? '').split(';').map((s) => s.trim());
  const version = params.map((p) => /^version\s*=\s*(.+)$/i.exec(p)?.[1]).find((v) => v !== undefined);
  return version === undefined ? { type: type.toLowerCase() } : { type: type.toLowerCase(), version };
}

/** Parses a list request's Accept header or throws XDM-1006-400. */
export function listAccept(accept: string | undefined): ListAccept {
  const { type, version } = parse(accept);
  const m = LIST_RE.exec(type);
  if (!m || version !== undefined) {
    const detail = `The supplied Accept header is not valid: ${accept ?? ''} - A valid Accept value should look like application/vnd.adobe.'{xed|xdm'}+json`;
    throw new ApiError(400, 'XDM-1006-400', 'Accept header invalid', detail);
  }
  return { form: m[2] === '-id' ? 'id' : m[2] === '-link' ? 'link' : 'full' };
}

/** Parses a lookup's Accept header or throws XDM-1007-400; checks the version against the resource's. */
export function lookupAccept(accept: string | undefined, resourceVersion: string): LookupAccept {
  const { type, version } = parse(accept);
  const m = LOOKUP_RE.exec(type);
  if (!m || version === undefined) {
    const detail = `The supplied Accept header is not valid: ${accept ?? ''} - A valid Accept value should look like application/vnd.adobe.'{xed|xdm'}+json; version=1 (Version should be specified)`;
    throw new ApiError(400, 'XDM-1007-400', 'Accept header invalid', detail);
  }
  const [major] = resourceVersion.split('.');
  if (version !== resourceVersion && version !== major) {
    throw new ApiError(406, 'XDM-1021-406', 'Not Acceptable', `Version ${version} is not available for this resource (latest is ${resourceVersion})`);
  }
  const variant = m[2] ?? '';
  return { full: variant.startsWith('-full') || variant === '-deprecatefield', notext: variant.endsWith('notext'), version: resourceVersion };
}
