/**
 * Adobe's documented example requests and responses (test/fixtures/aep-examples), loaded and checked.
 * Why a schema for fixture files: a typo in a hand-copied example (a misspelt field of the format)
 * must fail loudly here, not silently skip a check in the tests that read them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const here = path.dirname(fileURLToPath(import.meta.url));
export const examplesDir = path.resolve(here, '../fixtures/aep-examples');

const Source = z.strictObject({
  repo: z.string().optional(),
  path: z.string().optional(),
  commit: z
    .string()
    .regex(/^[0-9a-f]{40}$/)
    .optional(),
  url: z.string().url().optional(),
  heading: z.string(),
  /** What was changed to make the example valid JSON or to undo a typo. */
  repaired: z.string().optional(),
  note: z.string().optional(),
  /** The repository's copy of the file the example comes from. */
  copy: z.string().optional(),
});

const ExampleRequest = z.strictObject({
  method: z.enum(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']),
  path: z.string().startsWith('/'),
  query: z.record(z.string(), z.string()).optional(),
  headers: z.record(z.string(), z.string()).optional(),
  body: z.unknown().optional(),
  /** A form body (IMS). */
  form: z.record(z.string(), z.string()).optional(),
  /** A file the guide uploads (`@{FILE_PATH_AND_NAME}.json`); the tests send a sample record. */
  bodyFile: z.string().optional(),
  /** The guide's body is a placeholder: send the body of this other example instead. */
  bodyFrom: z.string().optional(),
  /** Fields set on that borrowed body's `body.xdmEntity` (to provoke the documented violations). */
  entityPatch: z.record(z.string(), z.unknown()).optional(),
});

const ExampleResponse = z.strictObject({
  /** null where the guide shows the body but no status line. */
  status: z.number().int().nullable(),
  body: z.unknown().optional(),
  /** A non-JSON body (file contents). */
  text: z.string().optional(),
  /** The top-level keys are object ids (Catalog, Profile), not field names. */
  keyedById: z.boolean().optional(),
  /** Paths (dotted, '' for the root) of objects whose keys are data, not field names. */
  maps: z.array(z.string()).optional(),
  /** The body is JSON Lines; `body` is one line. */
  jsonLines: z.boolean().optional(),
  note: z.string().optional(),
});

const ExampleFile = z.strictObject({
  /** The platform client call this example answers (see client-calls.ts); null when it answers none. */
  endpoint: z.string().nullable(),
  clientNote: z.string().optional(),
  source: Source,
  request: ExampleRequest,
  requestNote: z.string().optional(),
  /** Literal values of the example and the sandbox value that replaces them (see sandbox-world.ts). */
  placeholders: z.record(z.string(), z.string()).optional(),
  response: ExampleResponse,
  /** false: not sent to the sandbox (the clientNote says why). */
  sandbox: z.boolean().optional(),
});

export type ExampleRequest = z.infer<typeof ExampleRequest>;
export type DocumentedExample = z.infer<typeof ExampleFile> & {
  /** `<service>/<name>`, from the file's place under test/fixtures/aep-examples. */
  name: string;
  service: string;
};

/** Every example, sorted by name; throws on a file that does not follow the format. */
export function loadExamples(): DocumentedExample[] {
  const examples: DocumentedExample[] = [];
  for (const service of readdirSync(examplesDir, { withFileTypes: true })) {
    if (!service.isDirectory()) continue;
    for (const file of readdirSync(path.join(examplesDir, service.name))) {
      if (!file.endsWith('.json')) continue;
      const name = `${service.name}/${file.slice(0, -'.json'.length)}`;
      const parsed = ExampleFile.safeParse(JSON.parse(readFileSync(path.join(examplesDir, service.name, file), 'utf8')));
      if (!parsed.success) throw new Error(`${name}: ${parsed.error.message}`);
      examples.push({ ...parsed.data, name, service: service.name });
    }
  }
  return examples.sort((a, b) => a.name.localeCompare(b.name));
}

/** The request body an example sends: its own, or the one it borrows (`bodyFrom`) with `entityPatch` applied. */
export function requestBodyOf(example: DocumentedExample, all: readonly DocumentedExample[]): unknown {
  const from = example.request.bodyFrom;
  if (from === undefined) return example.request.body;
  const lender = all.find((e) => e.name === from);
  if (!lender) throw new Error(`${example.name}: bodyFrom ${from} is not an example`);
  const body = structuredClone(lender.request.body);
  const patch = example.request.entityPatch;
  if (patch) {
    const entity = (body as { body?: { xdmEntity?: Record<string, unknown> } }).body?.xdmEntity;
    if (!entity) throw new Error(`${example.name}: ${from} has no body.xdmEntity to patch`);
    Object.assign(entity, patch);
  }
  return body;
}
