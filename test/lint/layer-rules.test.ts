import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
// The probes are text linted with the whole configuration; it holds no type-aware rule (those run
// in oxlint, test/lint/type-aware-rules.test.ts), so no file needs to be part of a program.
const eslint = new ESLint({ cwd: root });

/** Lints `code` as if it lived at `file` and returns the layer-rule messages. */
async function layerErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layer import rules (design section 2)', () => {
  it('rejects electron inside src-main/core', async () => {
    const errors = await layerErrors('src-main/core/sources/probe.ts', "import 'electron';\n");
    expect(errors.join('\n')).toMatch(/Only src-main\/app may import electron/);
  });

  it('rejects electron in every other main layer', async () => {
    for (const file of ['src-main/ipc/probe.ts', 'src-main/web/probe.ts', 'src-main/cli/probe.ts']) {
      expect(await layerErrors(file, "import { app } from 'electron';\nexport const a = app;\n")).toHaveLength(1);
    }
  });

  it('allows electron in src-main/app', async () => {
    expect(await layerErrors('src-main/app/probe.ts', "import { app } from 'electron';\nexport const a = app;\n")).toEqual([]);
  });

  it('rejects Node built-ins in the renderer, bare or with the node: prefix', async () => {
    for (const mod of ['fs', 'node:fs', 'path', 'child_process', 'node:worker_threads']) {
      const errors = await layerErrors('src-renderer/features/probe.ts', `import * as m from '${mod}';\nexport const a = m;\n`);
      expect(errors, mod).toHaveLength(1);
    }
  });

  it('rejects src-main from the renderer and allows src-shared', async () => {
    expect(await layerErrors('src-renderer/features/probe.ts', "import { x } from '../../src-main/core/x';\nexport const a = x;\n")).toHaveLength(1);
    expect(await layerErrors('src-renderer/features/probe.ts', "import { z } from '../../src-shared/ipc/contract';\nexport const a = z;\n")).toEqual([]);
  });

  it('keeps src-shared free of Node, electron and our other layers', async () => {
    expect(await layerErrors('src-shared/domain/probe.ts', "import 'node:fs';\n")).toHaveLength(1);
    expect(await layerErrors('src-shared/domain/probe.ts', "import { x } from '../../src-main/core/x';\nexport const a = x;\n")).toHaveLength(1);
  });

  it('keeps core away from ipc, app, web, cli and the client side of core away from the sandbox', async () => {
    expect(await layerErrors('src-main/core/jobs/probe.ts', "import { r } from '../../ipc/router';\nexport const a = r;\n")).toHaveLength(1);
    expect(await layerErrors('src-main/core/platform/probe.ts', "import { s } from '../sandbox/index';\nexport const a = s;\n")).toHaveLength(1);
    expect(await layerErrors('src-main/core/sandbox/probe.ts', "import { s } from '../sandbox/index';\nexport const a = s;\n")).toEqual([]);
  });

  it('keeps core away from the host folder too', async () => {
    expect(await layerErrors('src-main/core/services/probe.ts', "import { c } from '../../host/compose';\nexport const a = c;\n")).toHaveLength(1);
    expect(await layerErrors('src-main/core/sandbox/probe.ts', "import { c } from '../../host/compose';\nexport const a = c;\n")).toHaveLength(1);
  });

  it('keeps ipc transport-agnostic: no host, app, web or cli, while core is allowed', async () => {
    for (const folder of ['host/compose', 'app/main', 'web/server', 'cli/program']) {
      expect(await layerErrors('src-main/ipc/handlers/probe.ts', `import { x } from '../../${folder}';\nexport const a = x;\n`), folder).toHaveLength(1);
    }
    expect(await layerErrors('src-main/ipc/probe.ts', "import { c } from '../host/csp';\nexport const a = c;\n")).toHaveLength(1);
    expect(await layerErrors('src-main/ipc/handlers/probe.ts', "import { s } from '../../core/services/index';\nexport const a = s;\n")).toEqual([]);
  });

  it('lets host wire core and ipc, never a shell', async () => {
    expect(
      await layerErrors(
        'src-main/host/probe.ts',
        "import { r } from '../ipc/router';\nimport { s } from '../core/services/index';\nexport const a = [r, s];\n",
      ),
    ).toEqual([]);
    for (const folder of ['app/main', 'web/server', 'cli/program']) {
      expect(await layerErrors('src-main/host/probe.ts', `import { x } from '../${folder}';\nexport const a = x;\n`), folder).toHaveLength(1);
    }
  });

  it('keeps the shells apart, and the CLI on core services rather than the router', async () => {
    expect(await layerErrors('src-main/cli/commands/probe.ts', "import { r } from '../../ipc/router';\nexport const a = r;\n")).toHaveLength(1);
    expect(
      await layerErrors(
        'src-main/cli/probe.ts',
        "import { e } from '../host/embedded-sandbox';\nimport { s } from '../core/services/index';\nexport const a = [e, s];\n",
      ),
    ).toEqual([]);
    expect(await layerErrors('src-main/web/probe.ts', "import { m } from '../app/main';\nexport const a = m;\n")).toHaveLength(1);
    expect(
      await layerErrors('src-main/web/probe.ts', "import { c } from '../host/compose';\nimport { r } from '../ipc/router';\nexport const a = [c, r];\n"),
    ).toEqual([]);
    expect(await layerErrors('src-main/app/probe.ts', "import { s } from '../web/server';\nexport const a = s;\n")).toHaveLength(1);
    expect(await layerErrors('src-main/app/probe.ts', "import { p } from '../cli/program';\nexport const a = p;\n")).toHaveLength(1);
    expect(await layerErrors('src-main/app/probe.ts', "import { c } from '../host/compose';\nexport const a = c;\n")).toEqual([]);
  });

  it('names the layer in the message, so the fix is obvious', async () => {
    const [message] = await layerErrors('src-main/ipc/probe.ts', "import { c } from '../host/compose';\nexport const a = c;\n");
    expect(message).toMatch(/ipc .* never imports host/);
  });
});
