import { execFile } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { build, type Plugin } from 'esbuild';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PROFILE_CLASS, standardProfileFieldGroups } from '../../src-main/core/xdm/standard-library';
import { customerColumns, customerMapping, customerSchema } from '../core/jobs/prepare/fixtures';

/**
 * The worker bundles as a packaged app holds them. electron-builder puts node_modules inside
 * app.asar and unpacks `dist/workers/**` (and the patterns of electron-builder.yml's asarUnpack)
 * to app.asar.unpacked, where plain Node loads the workers: nothing above them but the unpacked
 * node_modules. So each bundle must carry its pure-JS dependencies, and what it leaves external
 * (the native modules) must be fully unpacked, JS side included.
 *
 * Built here by the real scripts/build.mjs (into a private folder: `--outdir`, so that dist/ in
 * use by others is left alone), laid out from electron-builder.yml, then checked twice: statically
 * (every import left in a bundle is a Node built-in or an allowed native module) and for real
 * (prepare, file, sandbox and stream workers started from the unpacked folder by a plain node process).
 */

const repoRoot = path.resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

const workers = ['file-worker.mjs', 'prepare-worker.mjs', 'sandbox-processing.mjs', 'sandbox-server.mjs', 'stream-worker.mjs', 'upload-worker.mjs'];
/** What a worker bundle may still import from node_modules: native modules (scripts/build.mjs says why). */
const natives = /^(better-sqlite3|bindings|@napi-rs\/keyring(-[a-z0-9-]+)?)(\/.*)?$/;
/**
 * Bundled packages allowed to mention __dirname/__filename (undefined in ESM output): pino's
 * transports, which start worker files by path; Fastify brings pino, and the sandbox creates
 * Fastify with `logger: false`, so no transport ever starts. Matched wherever node_modules lies
 * (a git worktree may link it from another checkout, and esbuild names the module by its real path).
 */
const dirnameAllowed = /(^|\/)node_modules\/(pino|thread-stream)\//;

interface BuilderConfig {
  files?: string[];
  asarUnpack?: string[];
  extraResources?: { from: string; to: string }[];
}

/** An electron-builder (minimatch) pattern as a RegExp over `/`-separated relative paths: `**`, `*`, `?` only. */
function globToRegExp(glob: string): RegExp {
  if (/[{}[\]!]/.test(glob)) throw new Error(`Pattern ${glob} uses syntax this test does not read; extend globToRegExp`);
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (glob.startsWith('**/', i)) {
      re += '(?:.*/)?';
      i += 2;
    } else if (glob.startsWith('**', i)) {
      re += '.*';
      i += 1;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^$()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** Every file under `dir`, as `/`-separated paths relative to it. */
function walk(dir: string, prefix = ''): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? walk(path.join(dir, d.name), `${prefix}${d.name}/`) : d.isFile() ? [`${prefix}${d.name}`] : [],
  );
}

/**
 * Copies into `unpacked` what electron-builder would unpack: for each asarUnpack pattern, the
 * matching files of the build (`dist/...`, source maps excluded as `files:` excludes them) or of
 * the repository's node_modules. Returns the paths copied.
 */
function layOutUnpacked(config: BuilderConfig, builtDist: string, unpacked: string): string[] {
  const copied: string[] = [];
  for (const pattern of config.asarUnpack ?? []) {
    const match = globToRegExp(pattern);
    // Walk only the literal folder the pattern starts with (never the whole node_modules).
    const base = pattern.slice(0, pattern.search(/[*?]/) === -1 ? pattern.length : pattern.search(/[*?]/)).replace(/[^/]*$/, '');
    const [from, strip] = base.startsWith('dist/') ? [path.join(builtDist, base.slice('dist/'.length)), base] : [path.join(repoRoot, base), base];
    for (const rel of walk(from).map((f) => `${strip}${f}`)) {
      if (!match.test(rel) || (rel.startsWith('dist/') && rel.endsWith('.map'))) continue;
      const to = path.join(unpacked, rel);
      mkdirSync(path.dirname(to), { recursive: true });
      copyFileSync(path.join(from, rel.slice(strip.length)), to);
      copied.push(rel);
    }
  }
  return copied;
}

/** Every module specifier a bundle still imports or requires, read by esbuild's parser (so strings and comments do not count). */
async function importsOf(file: string): Promise<string[]> {
  // A declared `require` (the build's banner: createRequire) and esbuild's `__require` wrapper hide
  // require calls from a parser; rename the one and unwrap the other so every call is seen.
  const code = readFileSync(file, 'utf8')
    .replace(/\b(const|let|var) require\b/g, '$1 __declaredRequire')
    .replace(/\b__require\(/g, 'require(');
  const found = new Set<string>();
  const record: Plugin = {
    name: 'record-imports',
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind === 'entry-point') return undefined;
        found.add(args.path);
        return { path: args.path, external: true };
      });
    },
  };
  await build({
    stdin: { contents: code, sourcefile: path.basename(file), loader: 'js' },
    bundle: true,
    write: false,
    platform: 'node',
    format: 'esm',
    plugins: [record],
    logLevel: 'silent',
  });
  return [...found].sort();
}

/** Bundled modules that use __dirname/__filename on a line without a `typeof` guard, by esbuild's `// node_modules/...` headers. */
function dirnameUsers(file: string): string[] {
  const users = new Set<string>();
  let module = '(the bundle itself)';
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const header = /^\/\/ (\S+\.[cm]?[jt]sx?)$/.exec(line);
    if (header) module = header[1] as string;
    // A line that tests `typeof __dirname` first guards its use (src-main/core/sandbox/assets-dir.ts).
    else if (/\b__(dirname|filename)\b/.test(line) && !/\btypeof __(dirname|filename)\b/.test(line)) users.add(module);
  }
  return [...users].sort();
}

describe('worker bundles in a packaged app (app.asar.unpacked, no node_modules but the unpacked natives)', () => {
  const tmp = mkdtempSync(path.join(tmpdir(), 'xdm-packaged-'));
  const builtDist = path.join(tmp, 'build');
  const unpacked = path.join(tmp, 'resources', 'app.asar.unpacked');
  const config = parse(readFileSync(path.join(repoRoot, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
  let copied: string[] = [];

  beforeAll(async () => {
    await run(process.execPath, [path.join(repoRoot, 'scripts', 'build.mjs'), 'node', '--outdir', builtDist], { cwd: repoRoot, timeout: 60_000 });
    copied = layOutUnpacked(config, builtDist, unpacked);
    // Beside app.asar.unpacked in the resources folder, as extraResources puts them (the XDM library).
    for (const { from, to } of config.extraResources ?? []) cpSync(path.join(repoRoot, from), path.join(unpacked, '..', to), { recursive: true });
  }, 60_000);
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('unpacks every worker and the JS side of better-sqlite3 (bindings, file-uri-to-path), not only its .node', () => {
    for (const w of workers) expect(copied).toContain(`dist/workers/${w}`);
    expect(copied).toEqual(
      expect.arrayContaining([
        'node_modules/better-sqlite3/package.json',
        'node_modules/better-sqlite3/lib/index.js',
        'node_modules/better-sqlite3/build/Release/better_sqlite3.node',
        'node_modules/bindings/package.json',
        'node_modules/bindings/bindings.js',
        'node_modules/file-uri-to-path/package.json',
        'node_modules/file-uri-to-path/index.js',
      ]),
    );
    // Only native modules and their loaders are unpacked: anything else would hide a missing bundle.
    const packages = new Set(copied.filter((f) => f.startsWith('node_modules/')).map((f) => /^node_modules\/((@[^/]+\/)?[^/]+)/.exec(f)?.[1]));
    for (const p of packages) expect(p).toMatch(/^(better-sqlite3|bindings|file-uri-to-path|@napi-rs\/keyring(-[a-z0-9-]+)?)$/);
  });

  it.each(workers)('%s imports only Node built-ins and native modules', async (worker) => {
    const imports = await importsOf(path.join(unpacked, 'dist', 'workers', worker));
    // The parser saw the bundle's imports at all (every worker uses node:worker_threads).
    expect(imports).toContain('node:worker_threads');
    const left = imports.filter((s) => !isBuiltin(s) && !natives.test(s));
    expect(left, `${worker} still imports ${left.join(', ')}`).toEqual([]);
    if (worker.startsWith('sandbox-')) expect(imports).toContain('better-sqlite3');
    // Bundled code meeting __dirname in ESM output would throw; only known, unreached code may.
    expect(dirnameUsers(path.join(unpacked, 'dist', 'workers', worker)).filter((m) => !dirnameAllowed.test(m))).toEqual([]);
  });

  it('prepares a CSV, inspects a Latin-1 file, reads a standard schema, runs the Local sandbox and streams into it from the unpacked workers', async () => {
    // Nothing above the temporary folder may lend the workers a node_modules.
    for (let dir = unpacked; dir !== path.dirname(dir); dir = path.dirname(dir)) {
      if (dir !== unpacked) expect(existsSync(path.join(dir, 'node_modules')), `${dir}/node_modules`).toBe(false);
    }
    const data = path.join(tmp, 'data');
    mkdirSync(data);
    const csv = path.join(data, 'customers.csv');
    const rows = ['c1', 'c2', 'c3'].map((id, i) =>
      customerColumns.map((c) =>
        c === 'customer_id'
          ? id
          : c === 'email'
            ? ` U${i}@Example.com `
            : c === 'loyalty_points'
              ? String(i)
              : c === 'birth_date'
                ? '1990-01-0' + (i + 1)
                : 'x',
      ),
    );
    writeFileSync(csv, [customerColumns, ...rows].map((r) => r.join(',')).join('\n') + '\n');
    const latin1 = path.join(data, 'latin1.csv');
    writeFileSync(latin1, iconv.encode('name,city\nJosé,Zürich\nRenée,Besançon\n', 'latin1'));
    const streamed = path.join(data, 'streamed.jsonl');
    writeFileSync(streamed, `${JSON.stringify({ personalEmail: { address: 'streamed@example.com' } })}\n`);
    const driverConfig = path.join(tmp, 'driver.json');
    writeFileSync(
      driverConfig,
      JSON.stringify({
        workers: path.join(unpacked, 'dist', 'workers'),
        prepare: { options: { inputPath: csv, schema: customerSchema.schema, mapping: customerMapping, outDir: path.join(data, 'prepared') } },
        inspect: { file: { path: latin1, name: 'latin1.csv' }, maxRows: 10 },
        schemaTree: {
          schema: { key: 'profile', kind: 'json', json: { class: PROFILE_CLASS, fieldGroups: [...standardProfileFieldGroups], title: 'Customers' } },
        },
        sandbox: { dataDir: path.join(data, 'sandbox'), assetsDir: path.join(repoRoot, 'assets', 'xdm') },
        stream: { input: streamed },
      }),
    );
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.NODE_PATH;
    delete env.NODE_OPTIONS;
    const { stdout } = await run(process.execPath, [path.join(import.meta.dirname, 'packaged-workers-driver.mjs'), driverConfig], {
      cwd: tmp,
      env,
      timeout: 60_000,
    });
    const result = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as {
      prepared: { status: string; rowsRead: number; rowsWritten: number; parts: { file: string; rows: number }[] };
      inspected: { format: string; encoding: string; rows: unknown[][] };
      tree: { title: string; fields: { name: string }[] };
      processed: { status: string; metrics: Record<string, number>; streamed: { total: number; accepted: number; tokensAsked: number } };
    };
    expect(result.prepared).toMatchObject({ status: 'completed', rowsRead: 3, rowsWritten: 3, rowsRejected: 0, invariantHolds: true });
    expect(readFileSync(path.join(data, 'prepared', result.prepared.parts[0]?.file ?? 'no part'), 'utf8')).toContain('"address":"u1@example.com"');
    expect(result.inspected).toMatchObject({
      format: 'csv',
      rows: [
        ['José', 'Zürich'],
        ['Renée', 'Besançon'],
      ],
    });
    expect(result.inspected.encoding).not.toBe('utf-8');
    expect(result.tree.title).toBe('Customers');
    expect(result.tree.fields.map((f) => f.name)).toEqual(expect.arrayContaining(['personalEmail', 'person']));
    expect(result.processed).toMatchObject({ status: 'success', metrics: { outputRecordCount: 1 } });
    // The stream worker streamed with tokens from its owner (it was given no secret).
    expect(result.processed.streamed).toMatchObject({ total: 1, accepted: 1 });
    expect(result.processed.streamed.tokensAsked).toBeGreaterThan(0);
  }, 60_000);
});
