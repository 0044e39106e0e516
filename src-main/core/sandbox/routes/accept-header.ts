/**
 * Schema Registry `Accept` rules (getting-started and descriptors guides, the spec's `accept*` parameters).
 *
 * Lists take no version (`xed-id`, `xed`, `xed-link`); a list sent `;version=1` is refused with
 * `XDM-1006-400`. Lookups need one (`xed`, `xed-full`, `xed-notext`, `xed-full-notext`, `xed-full-desc`,
 * and `xed-full-flat`, which a widely used client sends), else `XDM-1007-400`; a version the resource
 * does not have gives 406. Clients spell the family `xed` or `xdm` for these alike. Descriptors use
 * `xdm` only: `xdm`, `xdm-id`, `xdm-link` (grouped by `@type`) and their `xdm-v2…` forms (a `results`
 * array with `_page`); anything else is `XDM-1008-400`, and a descriptor lookup sent a resource
 * (`xed`) header is `XDM-1009-400`.
 */
import { ApiError } from '../http/errors';

/** What a list item carries: summaries, whole objects, or summaries with their API link. */
export type ListForm = 'id' | 'full' | 'link';

export interface ListAccept {
  form: ListForm;
}

/** How a looked-up resource is rendered. */
export type LookupView = 'raw' | 'full' | 'flat';

export interface LookupAccept {
  view: LookupView;
  /** Titles and descriptions removed (`-notext`). */
  notext: boolean;
  /** The schema's descriptors included (`-full-desc`). */
  descriptors: boolean;
  version: string;
}

export interface DescriptorListAccept {
  form: ListForm;
  /** `xdm-v2…`: `results` + `_page` instead of arrays keyed by `@type`. */
  v2: boolean;
}

const LIST_RE = /^application\/vnd\.adobe\.(?:xed|xdm)(-id|-link)?\+json$/;
const LOOKUP_RE = /^application\/vnd\.adobe\.(?:xed|xdm)(-full|-notext|-full-notext|-full-desc|-full-flat|-deprecatefield|-id)?\+json$/;
const DESCRIPTOR_LIST_RE = /^application\/vnd\.adobe\.xdm(-v2)?(-id|-link)?\+json$/;
const LOOKUP_HINT = "application/vnd.adobe.'{xed|xdm'}+json; version=1";

function parse(accept: string | undefined): { type: string; version?: string } {
  // Clients may send several types (`a, b`); the registry reads the first.
  const first = (accept ?? '').split(',')[0] ?? '';
  const [type = '', ...params] = first.split(';').map((s) => s.trim());
  const version = params.map((p) => /^version\s*=\s*(.+)$/i.exec(p)?.[1]?.trim()).find((v) => v !== undefined);
  return version === undefined ? { type: type.toLowerCase() } : { type: type.toLowerCase(), version };
}

function formOf(suffix: string | undefined): ListForm {
  return suffix === '-id' ? 'id' : suffix === '-link' ? 'link' : 'full';
}

function invalid(code: string, accept: string | undefined, hint: string): ApiError {
  return new ApiError(
    400,
    code,
    'Accept header invalid',
    `The supplied Accept header is not valid: ${accept ?? ''} - A valid Accept value should look like ${hint}`,
  );
}

/** Parses a list request's Accept header or throws XDM-1006-400. */
export function listAccept(accept: string | undefined): ListAccept {
  const { type, version } = parse(accept);
  const m = LIST_RE.exec(type);
  if (!m || version !== undefined) throw invalid('XDM-1006-400', accept, "application/vnd.adobe.'{xed|xdm'}+json");
  return { form: formOf(m[1]) };
}

/** Parses a lookup's Accept header (XDM-1006/1007-400) and checks the version against the resource's (406). */
export function lookupAccept(accept: string | undefined, resourceVersion: string): LookupAccept {
  const { type, version } = parse(accept);
  const m = LOOKUP_RE.exec(type);
  if (m && version === undefined)
    throw new ApiError(
      400,
      'XDM-1007-400',
      'Accept header invalid',
      `The supplied Accept header is not valid: ${accept ?? ''} - A valid Accept value should look like ${LOOKUP_HINT} (Version should be specified)`,
    );
  if (!m || version === undefined) throw invalid('XDM-1006-400', accept, LOOKUP_HINT);
  const [major] = resourceVersion.split('.');
  if (version !== resourceVersion && version !== major) {
    throw new ApiError(406, 'XDM-1021-406', 'Not Acceptable', `Version ${version} is not available for this resource (latest is ${resourceVersion})`);
  }
  const variant = m[1] ?? '';
  const view: LookupView = variant === '-full-flat' ? 'flat' : variant.startsWith('-full') || variant === '-deprecatefield' ? 'full' : 'raw';
  return { view, notext: variant.endsWith('notext'), descriptors: variant === '-full-desc', version: resourceVersion };
}

/** Parses a descriptor list's Accept header or throws XDM-1008-400. */
export function descriptorListAccept(accept: string | undefined): DescriptorListAccept {
  const { type, version } = parse(accept);
  const m = DESCRIPTOR_LIST_RE.exec(type);
  if (!m || version !== undefined) throw invalid('XDM-1008-400', accept, 'application/vnd.adobe.xdm-id+json');
  return { form: formOf(m[2]), v2: m[1] !== undefined };
}

/** Checks a descriptor lookup's Accept header: none is needed, but a resource (`xed`, versioned) one is XDM-1009-400. */
export function checkDescriptorLookupAccept(accept: string | undefined): void {
  const { type, version } = parse(accept);
  if (!type.startsWith('application/vnd.adobe.')) return;
  if (version !== undefined || !DESCRIPTOR_LIST_RE.test(type)) throw invalid('XDM-1009-400', accept, 'application/vnd.adobe.xdm+json');
}
