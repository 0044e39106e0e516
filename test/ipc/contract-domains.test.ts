import { readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { requestNames } from '../../src-shared/ipc/contract';

/**
 * The contract's files follow the handlers' (ARCHITECTURE.md, "Handler files by domain"): each
 * request sits in `src-shared/ipc/requests/<name>.ts` and is served by `src-main/ipc/handlers/<name>.ts`.
 * Why both sides are read from the modules' exports: the request maps (`...Requests`) and the
 * handler fragments (`...Handlers(deps)`) are what the contract and the handler table spread, so
 * the test sees what runs, not how the source happens to be written.
 */

const root = path.resolve(__dirname, '../..');
const requestsDir = path.join(root, 'src-shared/ipc/requests');
const handlersDir = path.join(root, 'src-main/ipc/handlers');

/** Modules of a folder, by file name without `.ts`. */
async function modules(dir: string): Promise<Map<string, Record<string, unknown>>> {
  const out = new Map<string, Record<string, unknown>>();
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .sort()) {
    out.set(file.slice(0, -'.ts'.length), (await import(path.join(dir, file))) as Record<string, unknown>);
  }
  return out;
}

/**
 * Dependencies that take any use: every member is this stub again, callable; `dataDir` is a path.
 * The fragments only build their handler functions, they call none of their dependencies until a
 * request comes.
 */
function anyDeps(): unknown {
  const stub: unknown = new Proxy(function stub() {}, {
    get: (_target, key) => (key === 'then' || typeof key === 'symbol' ? undefined : key === 'dataDir' ? os.tmpdir() : stub),
    apply: () => stub,
    construct: () => stub as object,
  });
  return stub;
}

/** Request name -> the file whose export holds it; each name at most once. */
function owners(mods: Map<string, Record<string, unknown>>, keysOf: (name: string, value: unknown) => string[] | undefined): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const [file, mod] of mods) {
    for (const [exportName, value] of Object.entries(mod)) {
      for (const request of keysOf(exportName, value) ?? []) found.set(request, [...(found.get(request) ?? []), file]);
    }
  }
  return found;
}

describe('contract files by domain', () => {
  it('puts each request in the contract file named like the handler file that serves it', async () => {
    const requestFiles = owners(await modules(requestsDir), (name, value) =>
      name.endsWith('Requests') && typeof value === 'object' && value !== null ? Object.keys(value) : undefined,
    );
    const handlerFiles = owners(await modules(handlersDir), (name, value) =>
      name.endsWith('Handlers') && typeof value === 'function' ? Object.keys((value as (deps: unknown) => object)(anyDeps())) : undefined,
    );

    const mismatches = requestNames
      .map((request) => ({ request, contract: requestFiles.get(request) ?? [], handler: handlerFiles.get(request) ?? [] }))
      .filter(({ contract, handler }) => contract.length !== 1 || handler.length !== 1 || contract[0] !== handler[0]);
    expect(mismatches).toEqual([]);
    // Nothing beyond the contract: every map entry found is a request of it.
    expect([...requestFiles.keys(), ...handlerFiles.keys()].filter((r) => !(requestNames as string[]).includes(r))).toEqual([]);
  });
});
