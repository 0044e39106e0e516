/**
 * An example's request with its placeholders filled: `{BATCH_ID}`-style tokens and the literal ids an
 * example lists under `placeholders`. Replay keeps the documented values; the sandbox side fills in
 * what it created (sandbox-world.ts).
 */
import type { ConcreteRequest } from './client-calls';
import { type DocumentedExample, requestBodyOf } from './examples';

const TOKEN = /\{[A-Z][A-Z0-9_]*\}/g;

/** Every string inside a JSON value, depth first. */
function stringsOf(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) stringsOf(v, out);
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) {
      out.push(k);
      stringsOf(v, out);
    }
  return out;
}

function mapStrings(value: unknown, f: (s: string) => string): unknown {
  if (typeof value === 'string') return f(value);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, f));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [f(k), mapStrings(v, f)]));
  return value;
}

/** The placeholders an example's request uses: its listed literals first (longest first), then `{TOKEN}`s. */
export function placeholdersOf(example: DocumentedExample, body: unknown): string[] {
  const literals = Object.keys(example.placeholders ?? {}).sort((a, b) => b.length - a.length);
  const request = example.request;
  const texts = [
    request.path,
    ...Object.values(request.query ?? {}),
    ...Object.values(request.headers ?? {}),
    ...Object.values(request.form ?? {}),
    ...stringsOf(body),
  ];
  const tokens = new Set(texts.flatMap((t) => t.match(TOKEN) ?? []));
  return [...literals, ...[...tokens].filter((t) => !literals.includes(t))];
}

/**
 * Builds the request; `fill` gives the value of a placeholder (undefined keeps it as documented),
 * `file` the bytes for examples that upload one.
 */
export async function concreteRequest(
  example: DocumentedExample,
  all: readonly DocumentedExample[],
  fill: (placeholder: string, example: DocumentedExample) => Promise<string | undefined>,
  file?: Uint8Array,
): Promise<ConcreteRequest> {
  const body = requestBodyOf(example, all);
  const values = new Map<string, string>();
  for (const placeholder of placeholdersOf(example, body)) {
    const value = await fill(placeholder, example);
    if (value !== undefined) values.set(placeholder, value);
  }
  const replace = (text: string) => [...values].reduce((t, [placeholder, value]) => t.split(placeholder).join(value), text);
  const request = example.request;
  const headers = Object.fromEntries(Object.entries(request.headers ?? {}).map(([k, v]) => [k.toLowerCase(), replace(v)]));
  const form = request.form ? new URLSearchParams(Object.fromEntries(Object.entries(request.form).map(([k, v]) => [k, replace(v)]))).toString() : undefined;
  return {
    method: request.method,
    path: replace(request.path),
    query: Object.fromEntries(Object.entries(request.query ?? {}).map(([k, v]) => [k, replace(v)])),
    headers,
    body: form ?? mapStrings(body, replace),
    ...(request.bodyFile !== undefined && file ? { file } : {}),
  };
}

/** The sample record the upload examples send (one JSON line). */
export const SAMPLE_UPLOAD = new TextEncoder().encode(
  `${JSON.stringify({ personalEmail: { address: 'upload.example@example.com' }, person: { name: { firstName: 'Upload', lastName: 'Example' } } })}\n`,
);
