import { globSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { spectrumEntries } from '../../vitest.config';

/**
 * The component tests load React Spectrum from the one bundle Vite's dependency optimizer makes of
 * the entries vitest.config.ts lists (`spectrumEntries`). An entry missing from that list would be
 * loaded by Node from node_modules, where its CSS imports fail (`Unknown file extension ".css"`),
 * or worse, as a second copy of React Spectrum's contexts beside the bundle's.
 */

const root = path.resolve(import.meta.dirname, '..', '..');
const SPECTRUM_IMPORT = /\bfrom\s+'((?:@adobe\/react-spectrum|@react-spectrum\/)[^']*)'/g;

/** The React Spectrum specifiers imported by `files` (paths from the repository's root). */
function spectrumImports(files: string[], read: (file: string) => string): string[] {
  const found = new Set<string>();
  for (const file of files) for (const match of read(file).matchAll(SPECTRUM_IMPORT)) if (match[1]) found.add(match[1]);
  return [...found].sort();
}

const sources = (): string[] => globSync(['src-renderer/**/*.{ts,tsx}', 'test/**/*.{ts,tsx}'], { cwd: root, exclude: ['test/e2e/**'] });
const readRepoFile = (file: string): string => readFileSync(path.join(root, file), 'utf8');

describe('the React Spectrum entries bundled for the component tests', () => {
  it('hold every React Spectrum entry the renderer and the tests import', () => {
    const imported = spectrumImports(sources(), readRepoFile);
    expect(imported).toContain('@adobe/react-spectrum');
    expect(imported.filter((entry) => !spectrumEntries.includes(entry))).toEqual([]);
  });

  it('hold the entry the workflow icons import', () => {
    const icon = readFileSync(path.join(root, 'node_modules/@spectrum-icons/workflow/Add.module.mjs'), 'utf8');
    expect(icon).toContain("from '@adobe/react-spectrum/Icon'");
    expect(spectrumEntries).toContain('@adobe/react-spectrum/Icon');
  });

  it('would name an entry that is not bundled', () => {
    // Joined here, so that this file does not itself hold the import it looks for.
    const read = (): string => ['import { Picker } from', "'@react-spectrum/picker';"].join(' ');
    expect(spectrumImports(['a.tsx'], read).filter((entry) => !spectrumEntries.includes(entry))).toEqual(['@react-spectrum/picker']);
  });
});
