import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { usableChecks, type UsableWhere } from '../e2e/usable-names';

/**
 * Issue 16, item 7: every screen and dialog is checked by `checkUsable` in the e2e suite (both
 * window sizes, layout, axe). Why a unit test and not a check at the end of the e2e run: only a
 * whole run takes every screenshot, and Playwright neither orders spec files nor tells a last
 * test whether the run was whole, so a screenshot-folder check would fail every single-spec run.
 * This reads the specs and the renderer instead.
 */

const root = path.resolve(import.meta.dirname, '../..');
const read = (file: string): string => readFileSync(path.join(root, file), 'utf8');

function filesUnder(dir: string, ending: RegExp): string[] {
  return readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => ending.test(f))
    .map((f) => path.posix.join(dir, f.split(path.sep).join('/')))
    .sort();
}

const specs = filesUnder('test/e2e', /\.spec\.ts$/).map((file) => ({ file, text: read(file) }));

/** Every `checkUsable(…)` call of the specs: the literal name it checks, or null when it is not one. */
const calls = specs.flatMap(({ file, text }) =>
  [...text.matchAll(/checkUsable\(([^)]*)\)/g)].map((m) => ({ file, args: m[1] ?? '', name: /^\w+, '([a-z0-9-]+)'$/.exec((m[1] ?? '').trim())?.[1] ?? null })),
);

const names = usableChecks.map((c) => c.name);
const wheres: readonly UsableWhere[] = usableChecks.map((c) => c.where);

/** The ids of `{ id: '…' }` entries in a renderer file. */
function ids(file: string): string[] {
  return [...read(file).matchAll(/\{ id: '([a-z-]+)'/g)].map((m) => m[1] ?? '');
}
const screenIds = ids('src-renderer/app/screens.tsx');
const stepIds = ids('src-renderer/features/prepare/prepare-steps.tsx');

/** Renderer files that render a dialog or a popover dialog of their own. */
const dialogFiles = filesUnder('src-renderer', /\.tsx$/).filter((file) => /<(Dialog|AlertDialog|ContextualHelp)\b/.test(read(file)));

describe('every screen and dialog is checked at both window sizes and by axe', () => {
  it('lists each name once', () => {
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
  });

  it('calls checkUsable with a literal name everywhere, so that this test can find each check', () => {
    expect(calls.filter((c) => c.name === null).map((c) => `${c.file}: checkUsable(${c.args})`)).toEqual([]);
  });

  it('checks each listed name in exactly one spec, and no name it does not list', () => {
    const checked = calls.map((c) => c.name);
    const missing = names.filter((n) => !checked.includes(n));
    const twice = names.filter((n) => checked.filter((c) => c === n).length > 1);
    const unlisted = calls.filter((c) => c.name !== null && !(names as readonly string[]).includes(c.name)).map((c) => `${c.file}: ${c.name}`);
    expect({ missing, twice, unlisted }).toEqual({ missing: [], twice: [], unlisted: [] });
  });

  it('has a check for every screen of the navigation and every step of Prepare', () => {
    expect(screenIds.length).toBeGreaterThanOrEqual(7);
    expect(stepIds).toEqual(['file', 'map', 'run', 'upload']);
    const unchecked = [
      ...screenIds.filter((id) => !wheres.some((w) => 'screen' in w && w.screen === id)).map((id) => `screen ${id}`),
      ...stepIds.filter((id) => !wheres.some((w) => 'step' in w && w.step === id)).map((id) => `step ${id}`),
    ];
    expect(unchecked).toEqual([]);
  });

  it('has a check for every renderer file that renders a dialog or a help popover', () => {
    expect(dialogFiles.length).toBeGreaterThan(5);
    expect(dialogFiles.filter((file) => !wheres.some((w) => 'dialog' in w && w.dialog === file))).toEqual([]);
  });

  it('names only screens, steps and files that exist', () => {
    const stale = wheres.filter((w) =>
      'screen' in w ? !screenIds.includes(w.screen) : 'step' in w ? !stepIds.includes(w.step) : !existsSync(path.join(root, w.dialog)),
    );
    expect(stale).toEqual([]);
  });
});
