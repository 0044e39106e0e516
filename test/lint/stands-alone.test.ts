import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

/** Tracked text files that could read something: code, scripts, configs. */
function trackedSources(): string[] {
  const out = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' });
  return out
    .split('\0')
    .filter((f) => /\.(ts|tsx|mts|mjs|cjs|js|json|ya?ml|sh)$/.test(f) || f === '.ci/run')
    .filter((f) => !f.startsWith('test/fixtures/') && f !== 'package-lock.json');
}

// A clone placed anywhere must pass its tests: nothing in it may reach a folder beside it
// (the workspace's `shared/` once held the OpenAPI specs the contract tests read).
describe('the repository stands alone', () => {
  it('no code, script or config names a folder outside the repository', () => {
    const offenders: string[] = [];
    for (const file of trackedSources()) {
      const text = readFileSync(path.join(root, file), 'utf8');
      text.split('\n').forEach((line, i) => {
        if (/(\.\.\/)+shared\//.test(line) || /['"]\.\.['"]\s*,\s*['"]shared['"]/.test(line)) offenders.push(`${file}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(offenders).toEqual([]);
  });

  it("keeps its own copy of Adobe's OpenAPI specs, with their licence", () => {
    const files = execFileSync('git', ['ls-files', 'test/fixtures/aep-openapi'], { cwd: root, encoding: 'utf8' }).trim().split('\n');
    for (const name of ['LICENSE', 'COPYRIGHT', 'schema-registry.yaml', 'catalog.yaml', 'batch-ingestion.yaml', 'profile.yaml']) {
      expect(files).toContain(`test/fixtures/aep-openapi/${name}`);
    }
  });
});
